using FlagGrains.Testing.Postgres;
using Xunit;

namespace FlagGrains.Testing.Azurite;

/// <summary>
/// A fact that needs Azurite's table service, and PostgreSQL too when <c>withPostgres</c> (silos of a cluster keep
/// their grain state there). Developers without them get a skip that says how to start them; under CI=true it never
/// skips, so a missing emulator fails the build instead of quietly dropping coverage.
/// </summary>
public sealed class AzuriteFactAttribute : FactAttribute
{
    public AzuriteFactAttribute(bool withPostgres = false)
    {
        if (PostgresServer.IsCi) return;
        if (AzuriteServer.UnavailableReason is { } reason)
        {
            Skip = $"Azurite's table service is not reachable ({reason}). Start it with `bash .ci/azurite.sh` or point " +
                   $"{AzuriteServer.EndpointVariable} at host:port; with CI=true these tests fail instead of skipping.";
        }
        else if (withPostgres && PostgresServer.UnavailableReason is { } postgres)
        {
            Skip = $"PostgreSQL is not reachable ({postgres}); silos with Azure Table membership keep their grain state there.";
        }
    }
}
