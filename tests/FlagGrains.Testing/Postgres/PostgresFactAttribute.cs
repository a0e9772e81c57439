using Xunit;

namespace FlagGrains.Testing.Postgres;

/// <summary>
/// A fact that needs a PostgreSQL server. Developers without one get a skip that says how to
/// enable it; under CI=true it never skips, so a missing server fails the build instead of
/// quietly dropping coverage.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!PostgresServer.IsCi && PostgresServer.UnavailableReason is { } reason)
        {
            Skip = $"PostgreSQL is not reachable ({reason}). Start it (e.g. `pg_ctlcluster 15 main start`) or point " +
                   $"{PostgresServer.ConnectionStringVariable} at a server; with CI=true these tests fail instead of skipping.";
        }
    }
}
