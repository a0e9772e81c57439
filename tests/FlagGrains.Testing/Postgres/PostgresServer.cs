using Npgsql;

namespace FlagGrains.Testing.Postgres;

/// <summary>Where the PostgreSQL tests connect, and whether that server answers.</summary>
public static class PostgresServer
{
    public const string ConnectionStringVariable = "FLAGGRAINS_TEST_POSTGRES";

    private const string DefaultConnectionString =
        "Host=127.0.0.1;Username=flaggrains;Password=flaggrains;Database=flaggrains_test";

    // Probed once per test run: every PostgreSQL test asks, and a dead server should cost one timeout, not hundreds.
    private static readonly Lazy<string?> Probe = new(ProbeServer);

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } configured
            ? configured
            : DefaultConnectionString;

    /// <summary>Null when the server accepted a connection; otherwise why not.</summary>
    public static string? UnavailableReason => Probe.Value;

    private static string? ProbeServer()
    {
        try
        {
            // Generous: a loaded machine can take seconds to accept; a server that is down refuses at once.
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 10 };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception ex)
        {
            return ex.Message;
        }
    }
}
