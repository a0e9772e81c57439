using Microsoft.Extensions.Hosting;

namespace FlagGrains.Persistence.Tests.Storage;

/// <summary>
/// One migrated database and silo shared by a test class (scenarios use unique grain ids, so
/// they do not interfere). Started on first use rather than in InitializeAsync, because xunit
/// builds class fixtures even when every test is skipped, e.g. when PostgreSQL is absent.
/// </summary>
public abstract class StorageSiloFixture : IAsyncLifetime
{
    private Task<IHost>? _silo;

    public Task<IHost> SiloAsync() => _silo ??= StartAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_silo is { IsCompletedSuccessfully: true })
        {
            var silo = await _silo;
            await silo.StopAsync();
            silo.Dispose();
        }

        await CleanupAsync();
    }

    /// <summary>Creates and migrates the database, then starts a silo on it.</summary>
    protected abstract Task<IHost> StartAsync();

    protected abstract Task CleanupAsync();
}
