namespace FlagGrains.Silo.Hosting;

/// <summary>
/// Reports a refusal found while the host is being built, before any logger exists: one line on standard error in
/// the shape the console logger gives the later refusals, so operators and tests look for one thing.
/// </summary>
public static class StartupRefusal
{
    public const string Prefix = "FlagGrains cannot start: ";

    public static Task WriteAsync(StartupRefusedException refused) =>
        Console.Error.WriteLineAsync("crit: " + Prefix + refused.Message);
}
