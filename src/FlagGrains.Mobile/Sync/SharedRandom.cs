namespace FlagGrains.Mobile.Sync;

/// <summary>Jitter source when the app supplies none; System.Random is not thread-safe, hence the lock.</summary>
internal static class SharedRandom
{
    private static readonly Random Instance = new();

    public static double Next()
    {
        lock (Instance) return Instance.NextDouble();
    }
}
