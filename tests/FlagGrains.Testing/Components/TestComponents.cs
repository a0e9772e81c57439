using System.Collections.Concurrent;
using FlagGrains.Testing.Postgres;

namespace FlagGrains.Testing.Components;

/// <summary>
/// Whether each <see cref="Component"/> is present, and the one message a test skipped for its absence shows.
/// Developers without a component get skips that say how to enable it; under <c>CI=true</c> nothing is skipped, so
/// a missing component fails the run instead of quietly dropping coverage.
/// </summary>
public static class TestComponents
{
    private static readonly ConcurrentDictionary<Component, Lazy<string?>> Probes = new();

    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the component cannot be used here, or null when it can. Probed once per process.</summary>
    public static string? Missing(Component component) =>
        Probes.GetOrAdd(component, c => new Lazy<string?>(() => Probe(c))).Value;

    /// <summary>True when tests needing the component run: it is present, or CI demands it.</summary>
    public static bool ShouldRun(Component component) => IsCi || Missing(component) is null;

    /// <summary>The skip reason for tests needing the component, or null when they run.</summary>
    public static string? SkipReason(Component component) =>
        ShouldRun(component) ? null : $"{Describe(component)} is missing: {Missing(component)}. {HowToEnable(component)} " +
                                      "Under CI=true these tests fail instead of skipping.";

    /// <summary>Fails with the reason when a test that needs the component runs without it (CI only).</summary>
    public static void Require(Component component)
    {
        if (Missing(component) is { } reason)
            throw new InvalidOperationException($"{Describe(component)} is required but missing: {reason}. {HowToEnable(component)}");
    }

    public static string Describe(Component component) => component switch
    {
        Component.PostgreSql => "PostgreSQL",
        Component.Conformance => "The third-party conformance material",
        Component.NodeReference => "The Node reference evaluator (@openfeature/flagd-core)",
        Component.NodeInterop => "The Node OFREP web provider (@openfeature/ofrep-web-provider)",
        Component.Chromium => "Chromium",
        Component.Promtool => "promtool",
        Component.Azurite => "Azurite (Azure Table Storage emulator)",
        _ => component.ToString(),
    };

    private static string HowToEnable(Component component) => component switch
    {
        Component.PostgreSql => "Start it (`bash .ci/postgres.sh`, or `pg_ctlcluster 15 main start`) or point " +
                                $"{PostgresServer.ConnectionStringVariable} at a server.",
        Component.Conformance => ConformanceSuites.HowToProvide,
        Component.NodeReference => "Install Node 20+ and run `npm ci` in tests/differential-node.",
        Component.NodeInterop => "Install Node 20+ and run `npm ci` in tests/interop-node.",
        Component.Chromium => "Install it with `apt-get install -y chromium` (browsers are never downloaded).",
        Component.Promtool => "Install it with `apt-get install -y --no-install-recommends prometheus`.",
        Component.Azurite => "Run `bash .ci/azurite.sh`, or point " + AzuriteEndpoint.Variable + " at a Table endpoint.",
        _ => string.Empty,
    };

    private static string? Probe(Component component) => component switch
    {
        Component.PostgreSql => PostgresServer.UnavailableReason,
        Component.Conformance => ConformanceSuites.Missing,
        Component.NodeReference => NodePackage("differential-node", "@openfeature/flagd-core"),
        Component.NodeInterop => NodePackage("interop-node", "@openfeature/ofrep-web-provider"),
        Component.Chromium => File.Exists(Browsers.ChromiumPath) ? null : $"{Browsers.ChromiumPath} does not exist",
        Component.Promtool => Executables.Find("promtool") is null ? "'promtool' is not on the PATH" : null,
        Component.Azurite => AzuriteEndpoint.UnavailableReason(),
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, null),
    };

    private static string? NodePackage(string folder, string package)
    {
        if (Executables.Find("node") is null) return "'node' is not on the PATH";
        if (RepositoryRoot.OrNull is not { } root) return $"FlagGrains.sln was not found above {AppContext.BaseDirectory}";
        var installed = Path.Combine([root, "tests", folder, "node_modules", .. package.Split('/')]);
        return Directory.Exists(installed) ? null : $"tests/{folder}/node_modules has no {package}";
    }
}
