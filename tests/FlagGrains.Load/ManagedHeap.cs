using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace FlagGrains.Load;

/// <summary>
/// The managed heap of another .NET process after a full, blocking GC, read over EventPipe: the GC-heap-collect
/// keyword makes the runtime induce that GC (as <c>dotnet-gcdump</c> does), and its heap statistics event gives the
/// live bytes. Resident memory mixes in the GC's retained segments, native buffers and the OS's view of them; this
/// is what the process's objects hold.
/// </summary>
public static class ManagedHeap
{
    /// <summary>Live managed bytes of <paramref name="pid"/> after an induced gen-2 GC; -1 when it could not be read.</summary>
    public static long LiveBytesAfterFullGc(int pid, TimeSpan timeout)
    {
        if (pid <= 0) return -1;
        try
        {
            return Read(pid, timeout);
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException)
        {
            // A figure missing from the table is better than a run lost to it: the other figures still stand.
            Console.Error.WriteLine($"managed heap of process {pid} not readable: {ex.Message}");
            return -1;
        }
    }

    private static long Read(int pid, TimeSpan timeout)
    {
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        var client = new DiagnosticsClient(pid);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords)], requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        long live = -1;
        var induced = false;
        source.Clr.GCStart += e => induced |= e.Reason == GCReason.Induced && e.Depth == 2;
        source.Clr.GCHeapStats += e =>
        {
            // Statistics of an earlier, partial GC may arrive first; only the induced full one counts.
            if (!induced || live >= 0) return;
            // Promoted bytes of a full GC are the bytes it found alive; the generation sizes would add free space left
            // between objects (a blocking GC need not compact), which varies from run to run.
            live = e.TotalPromotedSize0 + e.TotalPromotedSize1 + e.TotalPromotedSize2 + e.TotalPromotedSize3 + e.TotalPromotedSize4;
            session.Stop();
        };

        using var stop = new Timer(_ => session.Stop(), null, timeout, Timeout.InfiniteTimeSpan);
        source.Process();
        return live;
    }
}
