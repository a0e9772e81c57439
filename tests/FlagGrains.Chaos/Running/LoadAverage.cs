namespace FlagGrains.Chaos.Running;

/// <summary>The 1, 5 and 15 minute load averages: on a shared two-core box they say how much of a run was the box.</summary>
public static class LoadAverage
{
    public static string Read()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
