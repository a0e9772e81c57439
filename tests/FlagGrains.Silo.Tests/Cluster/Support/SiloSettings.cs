namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// What every silo of one test cluster shares: database, membership back end (<see cref="IClusterMembership.SiloEnvironment"/>),
/// cluster identity and the bootstrap admin token.
/// </summary>
public sealed record SiloSettings(string ConnectionString, IReadOnlyDictionary<string, string> Membership, string ClusterId, string AdminToken)
{
    /// <summary>Orleans service id: part of every storage row, so Orleans clients of the test cluster need it too.</summary>
    public const string ServiceId = "flaggrains-cluster-tests";

    /// <summary>The silo's configuration as environment variables, the way an operator would deploy it.</summary>
    public Dictionary<string, string> ToEnvironment(int httpPort, int siloPort, int gatewayPort) => new(Membership)
    {
        ["FlagGrains__Cluster__ServiceId"] = ServiceId,
        ["FlagGrains__Cluster__ClusterId"] = ClusterId,
        ["FlagGrains__Cluster__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["FlagGrains__Cluster__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["FlagGrains__Storage__Provider"] = "PostgreSql",
        ["FlagGrains__Storage__ConnectionString"] = ConnectionString,
        ["FlagGrains__Bootstrap__AdminToken"] = AdminToken,
        ["Urls"] = $"http://127.0.0.1:{httpPort}",

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
