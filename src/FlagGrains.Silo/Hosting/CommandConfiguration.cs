namespace FlagGrains.Silo.Hosting;

/// <summary>The configuration sources of the silo, for its one-off commands (<c>migrate</c>, <c>admin reset-token</c>).</summary>
public static class CommandConfiguration
{
    /// <param name="settings">Command-line settings (<c>--FlagGrains:Storage:ConnectionString=…</c>), flags already removed.</param>
    public static StorageOptions Storage(string[] settings) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(settings)
            .Build()
            .GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
}
