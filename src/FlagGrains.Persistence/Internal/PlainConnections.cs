using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FlagGrains.Persistence.Internal;

/// <summary>Connections for our own tables (not the Orleans providers'), to a database the migrator already prepared.</summary>
internal static class PlainConnections
{
    public static DbConnection Create(DatabaseKind kind, string connectionString) => kind switch
    {
        DatabaseKind.PostgreSql => new NpgsqlConnection(connectionString),
        _ => new SqliteConnection(connectionString),
    };

    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
