using System.Globalization;

namespace FlagGrains.Load;

/// <summary>User + system CPU a process has used so far, from <c>/proc/{pid}/stat</c> (zero when unknown).</summary>
public static class CpuTime
{
    public static TimeSpan OfProcess(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat")) return TimeSpan.Zero;
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        // Linux reports in USER_HZ, 100 per second on every mainstream configuration.
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
