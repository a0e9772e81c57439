namespace FlagGrains.Silo.Hosting;

/// <summary>
/// Passes the schema gate in the hosts' "starting" phase, which runs before Orleans starts its silo, so the storage
/// provider never reads queries that do not exist yet.
/// </summary>
public sealed class SchemaMigrationService(SchemaGate gate) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => gate.EnsureAsync();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
