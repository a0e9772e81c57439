namespace FlagGrains.Silo.Apis.Streams;

/// <summary>
/// Reads the signing key while the silo starts, so the first bulk responses already advertise a stream. Bounded:
/// a slow cluster delays streams, never the silo.
/// </summary>
public sealed class StreamSigningKeyLoader(StreamSigningKeys keys) : IHostedService
{
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await keys.LoadAsync().WaitAsync(StartBudget, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Keeps loading in the background; StreamSigningKeys logs a failure.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
