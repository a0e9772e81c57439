namespace FlagGrains.Grains.Tests.TestSupport;

/// <summary>
/// Fails chosen grain calls the way a cluster in flux fails them (a silo being evicted, a directory that does not know
/// a new silo yet): with the exception given, before the grain runs. Faults name a method and a grain key, so tests
/// sharing the cluster never hit each other's.
/// </summary>
public sealed class CallFaults : IIncomingGrainCallFilter
{
    private static readonly List<Fault> Faults = [];

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> on grains whose key contains <paramref name="keyPart"/> throw.</summary>
    public static void FailNext(string method, string keyPart, int times, Func<Exception> exception)
    {
        lock (Faults) Faults.Add(new Fault(method, keyPart, exception) { Remaining = times });
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        Fault? hit = null;
        lock (Faults)
        {
            if (Faults.Count > 0)
            {
                var key = context.TargetId.ToString();
                hit = Faults.Find(f => f.Remaining > 0 && f.Method == context.MethodName && key.Contains(f.KeyPart, StringComparison.Ordinal));
                if (hit is not null && --hit.Remaining == 0) Faults.Remove(hit);
            }
        }

        return hit is null ? context.Invoke() : throw hit.Exception();
    }

    private sealed class Fault(string method, string keyPart, Func<Exception> exception)
    {
        public string Method { get; } = method;

        public string KeyPart { get; } = keyPart;

        public Func<Exception> Exception { get; } = exception;

        public int Remaining { get; set; }
    }
}
