using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FlagGrains.Mobile.Sync;

/// <summary>One context's request: its body, the fingerprint answers and cache entries are matched by, and its generation.</summary>
internal sealed record ContextRequest(int Generation, EvaluationContext Context, byte[] Body, string Fingerprint);

/// <summary>
/// The context the app asked for, and who awaits its first answer. This is state the app's threads and the loop truly
/// share: <see cref="Set"/> takes effect at once (the Context getter shows it), and the loop must read a context
/// together with its generation, so it keeps the SDK's one lock. Generations tell an answer for the current context
/// from a late answer for a previous one.
/// </summary>
internal sealed class ContextState(EvaluationContext initial)
{
    private readonly object _gate = new();
    private readonly List<(int Generation, TaskCompletionSource<bool> Done)> _waiters = [];
    private EvaluationContext _context = initial;
    private int _generation;
    private bool _stopped;
    private string? _deviceId;

    /// <summary>The context as the app set it (without the device id filled in).</summary>
    public EvaluationContext Context
    {
        get
        {
            lock (_gate) return _context;
        }
    }

    /// <summary>The persisted device id; null until the loop has loaded it.</summary>
    public string? DeviceId => Volatile.Read(ref _deviceId);

    public int Generation
    {
        get
        {
            lock (_gate) return _generation;
        }
    }

    public void SetDeviceId(string deviceId) => Volatile.Write(ref _deviceId, deviceId);

    /// <summary>
    /// Switches context; the task completes after the first answer for it (or when nothing will answer any more).
    /// Null when the client stopped: the context stays as it was.
    /// </summary>
    public Task? Set(EvaluationContext context)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stopped) return null;
            _context = context;
            _generation++;
            _waiters.Add((_generation, done));
        }

        return done.Task;
    }

    /// <summary>What to send for the current context; the device id is the targeting key of anonymous users.</summary>
    public ContextRequest Request()
    {
        EvaluationContext context;
        int generation;
        lock (_gate)
        {
            context = _context;
            generation = _generation;
        }

        if (context.TargetingKey is null && DeviceId is { } deviceId) context = context.WithTargetingKey(deviceId);
        var body = context.ToRequestJson();
        return new ContextRequest(generation, context, body, Fingerprint(body));
    }

    /// <summary>Completes the waiters of <paramref name="generation"/> and earlier ones (superseded by it).</summary>
    public void Answered(int generation)
    {
        List<TaskCompletionSource<bool>> done;
        lock (_gate)
        {
            done = [.. _waiters.Where(w => w.Generation <= generation).Select(w => w.Done)];
            _waiters.RemoveAll(w => w.Generation <= generation);
        }

        done.ForEach(waiter => waiter.TrySetResult(true));
    }

    /// <summary>Nothing will answer any more (key refused, client disposed): every waiter completes, now and later.</summary>
    public void Stop()
    {
        lock (_gate) _stopped = true;
        Answered(int.MaxValue);
    }

    private static string Fingerprint(byte[] body)
    {
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(body);
        var hex = new StringBuilder(32);
        for (var i = 0; i < 16; i++) hex.Append(digest[i].ToString("x2", CultureInfo.InvariantCulture));
        return hex.ToString();
    }
}
