namespace FlagGrains.Persistence;

/// <summary>
/// The <c>Invariant</c> values to put into the Orleans ADO.NET provider options for our schemas.
/// </summary>
public static class AdoNetInvariants
{
    /// <summary>
    /// SQLite. Orleans only knows the historical name and maps it to Microsoft.Data.Sqlite;
    /// "Microsoft.Data.Sqlite" itself is rejected at silo start.
    /// </summary>
    public const string Sqlite = "System.Data.SQLite";

    /// <summary>PostgreSQL through Npgsql.</summary>
    public const string PostgreSql = "Npgsql";

    /// <summary>The invariant matching <paramref name="kind"/>.</summary>
    public static string For(DatabaseKind kind) => kind switch
    {
        DatabaseKind.Sqlite => Sqlite,
        DatabaseKind.PostgreSql => PostgreSql,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown database kind."),
    };
}
