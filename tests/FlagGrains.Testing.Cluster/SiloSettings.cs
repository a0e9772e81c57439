using System.Globalization;

namespace FlagGrains.Testing.Cluster;

/// <summary>The three ports one silo listens on. A restarted silo keeps them, as a restarted node keeps its address.</summary>
public sealed record SiloPorts(int Http, int Silo, int Gateway)
{
    public static SiloPorts Free() => new(FreeTcpPort.Next(), FreeTcpPort.Next(), FreeTcpPort.Next());
}

/// <summary>
/// What every silo of one test cluster shares: database, membership back end (<see cref="IClusterMembership.SiloEnvironment"/>),
/// cluster identity, the bootstrap admin token, and any further settings a test needs (<see cref="Extra"/>).
/// </summary>
public sealed record SiloSettings(string ConnectionString, IReadOnlyDictionary<string, string> Membership, string ClusterId, string AdminToken)
{
    /// <summary>Orleans service id: part of every storage row, so Orleans clients of the test cluster need it too.</summary>
    public const string ServiceId = "flaggrains-cluster-tests";

    /// <summary>Cluster mode runs with mutual TLS, as deployed: every test silo presents a certificate of the test authority.</summary>
    public static IReadOnlyDictionary<string, string> SiloTls { get; } = TestCertificates.Shared.Settings(TestCertificates.Shared.Issue("cluster-silo"), "__");

    /// <summary>Settings added to (or, with a null value, removed from) the defaults below, as <c>Section__Key</c> names.</summary>
    public IReadOnlyDictionary<string, string?> Extra { get; init; } = new Dictionary<string, string?>();

    public Dictionary<string, string> ToEnvironment(int httpPort, int siloPort, int gatewayPort) =>
        ToEnvironment(new SiloPorts(httpPort, siloPort, gatewayPort));

    /// <summary>The silo's configuration as environment variables, the way an operator would deploy it.</summary>
    public Dictionary<string, string> ToEnvironment(SiloPorts ports)
    {
        var environment = Defaults(ports);
        foreach (var (key, value) in SiloTls) environment[key] = value;
        foreach (var (key, value) in Extra)
        {
            if (value is null) environment.Remove(key);
            else environment[key] = value;
        }

        return environment;
    }

    private Dictionary<string, string> Defaults(SiloPorts ports) => new(Membership)
    {
        ["FlagGrains__Cluster__ServiceId"] = ServiceId,
        ["FlagGrains__Cluster__ClusterId"] = ClusterId,
        ["FlagGrains__Cluster__SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture),
        ["FlagGrains__Cluster__GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture),
        ["FlagGrains__Storage__Provider"] = "PostgreSql",
        ["FlagGrains__Storage__ConnectionString"] = ConnectionString,
        ["FlagGrains__Bootstrap__AdminToken"] = AdminToken,
        ["Urls"] = $"http://127.0.0.1:{ports.Http}",

        // These tests write and poll far faster than a person; the rate limiter has its own tests and would
        // otherwise answer their bursts with 429.
        ["FlagGrains__RateLimits__PerAdminTokenPerSecond"] = "0",
        ["FlagGrains__RateLimits__PerAddressPerSecond"] = "0",

        // Production, because Development would also load a developer's user secrets into the test silos.
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",

        // Membership decisions are what these tests judge; their log lines explain a failure.
        ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information",
    };
}
