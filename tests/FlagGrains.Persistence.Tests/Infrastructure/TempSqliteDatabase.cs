using Microsoft.Data.Sqlite;

namespace FlagGrains.Persistence.Tests.Infrastructure;

/// <summary>A database file in a not-yet-existing temp directory, so tests also cover directory creation.</summary>
internal sealed class TempSqliteDatabase : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"flaggrains-tests-{Guid.NewGuid():N}");

    public TempSqliteDatabase()
    {
        FilePath = Path.Combine(_root, "nested", "grains.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath }.ConnectionString;
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<string>> ColumnAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    public void Dispose()
    {
        // Pooled connections would keep the file open.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
