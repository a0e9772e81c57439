using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>
/// This silo's copy of the cluster-wide stream-signing key: from configuration, or read once from
/// <see cref="IStreamSigningKeyGrain"/>. Until it is known, bulk responses advertise no stream (clients poll), so a
/// storage outage at start never fails an evaluation.
/// </summary>
public sealed partial class StreamSigningKeys(
    IGrainFactory grains,
    IOptions<EventStreamOptions> options,
    TimeProvider clock,
    ILogger<StreamSigningKeys> logger)
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private byte[]? _key = Configured(options.Value.SigningKey);
    private Task? _loading;
    private DateTimeOffset _nextAttempt;

    /// <summary>The key, or null while it is still being read; never blocks.</summary>
    public byte[]? Current
    {
        get
        {
            var key = Volatile.Read(ref _key);
            if (key is null) _ = LoadAsync();
            return key;
        }
    }

    /// <summary>Reads the key from the cluster unless known; failures are logged and retried on later use.</summary>
    public Task LoadAsync()
    {
        lock (_gate)
        {
            if (_key is not null) return Task.CompletedTask;
            if (_loading is { IsCompleted: false } running) return running;
            if (clock.GetUtcNow() < _nextAttempt) return Task.CompletedTask;
            _nextAttempt = clock.GetUtcNow() + RetryInterval;
            return _loading = FetchAsync();
        }
    }

    private async Task FetchAsync()
    {
        try
        {
            var key = await grains.GetGrain<IStreamSigningKeyGrain>(GrainKeys.StreamSigningKey).GetKeyAsync();
            if (key.Length < 32) throw new InvalidOperationException("The stored stream-signing key is shorter than 32 bytes.");
            Volatile.Write(ref _key, key);
        }
        catch (Exception ex)
        {
            LogLoadFailed(logger, ex);
        }
    }

    private static byte[]? Configured(string? base64) => string.IsNullOrWhiteSpace(base64) ? null : Convert.FromBase64String(base64);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream-signing key could not be read; bulk responses advertise no event stream until it is")]
    private static partial void LogLoadFailed(ILogger logger, Exception ex);
}
