using System.IO.Pipelines;
using System.Net;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>
/// One open stream. The hub only flips fields and wakes it; the request that owns it does all the writing, so a
/// slow client never holds up a fan-out and a connection costs no timer of its own. Notifications coalesce: a client
/// that is behind gets one event for the newest version, not a backlog.
/// </summary>
public sealed class EventStreamConnection(string environmentKey, string keyId, IPAddress? address = null)
{
    private readonly WakeSignal _wake = new();
    private Announcement? _pending;
    private long _sentVersion = -1;
    private int _heartbeatDue;
    private int _closed;
    private CancellationToken _aborted;

    public string EnvironmentKey { get; } = environmentKey;

    public string KeyId { get; } = keyId;

    /// <summary>The client's address, for the per-address cap (<see cref="IPAddress.None"/> when unknown).</summary>
    public IPAddress Address { get; } = address ?? IPAddress.None;

    /// <summary>Version of the last notification written; -1 before the first.</summary>
    public long SentVersion => Interlocked.Read(ref _sentVersion);

    /// <summary>Asks for a notification unless the client already has that version or a newer one.</summary>
    public void Notify(Announcement announcement)
    {
        var pending = Volatile.Read(ref _pending);
        while (announcement.Version > (pending?.Version ?? -1) && announcement.Version > SentVersion)
        {
            var seen = Interlocked.CompareExchange(ref _pending, announcement, pending);
            if (ReferenceEquals(seen, pending))
            {
                Wake();
                return;
            }

            pending = seen;
        }
    }

    /// <summary>The client has this version (it said so with Last-Event-ID, or it went out with the preamble); nothing older or equal is sent.</summary>
    public void Acknowledge(long version) => Interlocked.Exchange(ref _sentVersion, version);

    public void RequestHeartbeat()
    {
        Interlocked.Exchange(ref _heartbeatDue, 1);
        Wake();
    }

    /// <summary>Ends the stream (key revoked, silo stopping); the client's EventSource reconnects and re-authenticates.</summary>
    public void Close()
    {
        Interlocked.Exchange(ref _closed, 1);
        Wake();
    }

    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    /// <summary>
    /// Ends the stream if its client went away. The hub calls this for every stream every second or so instead of each
    /// stream keeping a cancellation registration for its life (144 bytes per stream, 14 MB at 100,000).
    /// </summary>
    public void EndIfAbandoned()
    {
        if (_aborted.IsCancellationRequested) Close();
    }

    /// <summary>Version of a notification waiting to be written; -1 when none. For tests of the fan-out.</summary>
    internal long PendingVersion => Volatile.Read(ref _pending)?.Version ?? -1;

    /// <summary>
    /// Writes what the hub asks for until closed or the client goes away (which ends it quietly), then leaves
    /// <paramref name="hub"/>. One method for the stream's whole life: each awaiting frame above it would be kept per
    /// open stream. A client that went away while the stream idles is noticed by <see cref="EndIfAbandoned"/>.
    /// </summary>
    public async Task RunAsync(PipeWriter output, CancellationToken aborted, EventStreamHub? hub = null)
    {
        _aborted = aborted;
        try
        {
            while (!IsClosed)
            {
                aborted.ThrowIfCancellationRequested();
                // Frames are handed over whole (WriteAsync), never written into the pipe's own buffer: with a chunked
                // response that buffer path keeps a 4 KB block per idle stream, a third of a stream's memory.
                ReadOnlyMemory<byte> frame = default;
                if (Interlocked.Exchange(ref _pending, null) is { } announcement && announcement.Version > SentVersion)
                {
                    frame = announcement.Frame;
                    Interlocked.Exchange(ref _sentVersion, announcement.Version);
                }

                if (Interlocked.Exchange(ref _heartbeatDue, 0) == 1 && frame.IsEmpty) frame = SseFrames.HeartbeatFrame;

                if (!frame.IsEmpty)
                {
                    var flushed = await output.WriteAsync(frame, aborted);
                    if (flushed.IsCompleted || flushed.IsCanceled) return;
                }

                if (Volatile.Read(ref _pending) is null && Volatile.Read(ref _heartbeatDue) == 0 && !IsClosed)
                    await _wake.WaitAsync();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away.
        }
        finally
        {
            hub?.Remove(this);
        }
    }

    // At most one pending wake: many wake-ups between two writes collapse into one pass of the loop.
    private void Wake() => _wake.Signal();
}
