using FlagGrains.ClusterTls;
using FlagGrains.Clustering.AzureStorage;
using FlagGrains.Contracts;

using FlagGrains.Serving;

namespace FlagGrains.Client.Hosting;

/// <summary>
/// Bound from <c>FlagGrains:Client</c>, with <see cref="Cluster"/> bound from <c>FlagGrains:Cluster</c> (the silos' own
/// names and defaults). The client never needs the silos' grain-storage connection string: in cluster mode it reads
/// only the membership table, through <c>FlagGrains:Cluster:ConnectionString</c> with a read-only role.
/// </summary>
/// <remarks>
/// An internal service is trusted: it joins the cluster itself and reads whole flag sets (rules included), with no
/// API key. Give this library only to services that run inside the cluster's network boundary; anything outside it
/// evaluates over OFREP with a server or client key.
/// </remarks>
public sealed class FlagGrainsClientOptions
{
    public const string Section = "FlagGrains:Client";

    /// <summary>Environments this service evaluates, each <c>{project}/{environment}</c>.</summary>
    public List<string> Environments { get; } = [];

    /// <summary>
    /// How often the client asks each environment for its version. Repairs a lost version bump and detects an
    /// unreachable cluster; the same promise as the silos' gateways (2 s).
    /// </summary>
    public TimeSpan VersionCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Longest wait for one grain call. Orleans' own response timeout is 30 s; an evaluator should say it is stale
    /// long before that.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Folder where the last snapshot of each environment is kept, so a restart while the cluster is unreachable
    /// still answers (stale) instead of returning defaults. Null: nothing is written.
    /// </summary>
    public string? SnapshotCacheDirectory { get; set; }

    /// <summary>How to reach the cluster; mirrors the silo's options of the same names.</summary>
    public FlagGrainsClusterOptions Cluster { get; set; } = new();

    /// <summary>Rule budgets snapshots are compiled under; read from <c>FlagGrains:Limits</c>, as the silos read them.</summary>
    public RuleLimitOptions Limits { get; set; } = new();

    /// <summary>Adds <c>{project}/{environment}</c> to <see cref="Environments"/>.</summary>
    public FlagGrainsClientOptions AddEnvironment(string project, string environment)
    {
        Environments.Add(GrainKeys.Environment(project, environment));
        return this;
    }

    /// <summary>Throws with every problem named, so a misconfigured service fails at start, not at its first evaluation.</summary>
    internal void Validate()
    {
        var problems = new List<string>();
        if (Environments.Count == 0)
            problems.Add($"{Section}:Environments names no environment (expected entries like \"shop/prod\").");
        foreach (var key in Environments)
        {
            if (!IsEnvironmentKey(key)) problems.Add($"{Section}:Environments entry '{key}' is not {{project}}/{{environment}} in lowercase letters, digits and '-'.");
        }

        if (Environments.Distinct(StringComparer.Ordinal).Count() != Environments.Count)
            problems.Add($"{Section}:Environments names an environment twice.");
        if (VersionCheckInterval <= TimeSpan.Zero) problems.Add($"{Section}:VersionCheckInterval must be positive.");
        if (CallTimeout <= TimeSpan.Zero) problems.Add($"{Section}:CallTimeout must be positive.");
        if (Limits.MaxRuleNodes <= 0 || Limits.MaxEvaluationSteps <= 0) problems.Add($"{RuleLimitOptions.Section}: MaxRuleNodes and MaxEvaluationSteps must be positive.");
        if (Cluster.Mode == ClientClusterMode.AdoNet && string.IsNullOrWhiteSpace(Cluster.ConnectionString))
        {
            problems.Add("FlagGrains:Cluster:Mode=AdoNet needs FlagGrains:Cluster:ConnectionString: the cluster's PostgreSQL database, as a role that may only " +
                         "read the membership table (README: Internal services). FlagGrains:Storage:ConnectionString is the silos' own and is not read.");
        }

        if (Cluster.Mode == ClientClusterMode.AzureStorage) problems.AddRange(Cluster.AzureStorage.Problems());
        if (Cluster.Tls.Enabled ?? Cluster.Mode != ClientClusterMode.Localhost)
        {
            try
            {
                Certificates = ClusterCertificates.Load(Cluster.Tls, asServer: false);
            }
            catch (ClusterTlsException ex)
            {
                problems.Add(Cluster.Tls.Enabled is null && Cluster.Tls.CertificatePath is null && Cluster.Tls.StoreSubject is null
                    ? $"FlagGrains:Cluster:Mode={Cluster.Mode} connects with mutual TLS: set {ClusterTlsOptions.Section}:CertificatePath, KeyPath and CaCertificatePath (a client certificate of the cluster's authority), or Enabled=false if the silos run without TLS."
                    : ex.Message);
            }
        }

        if (Cluster.Mode == ClientClusterMode.Localhost && Cluster.GatewayPort is <= 0 or > 65535)
            problems.Add("FlagGrains:Cluster:GatewayPort must be a TCP port.");
        if (problems.Count > 0) throw new InvalidOperationException("FlagGrains client configuration is invalid: " + string.Join(" ", problems));
    }

    /// <summary>This client's TLS certificates once <see cref="Validate"/> loaded them; null without TLS.</summary>
    internal ClusterCertificates? Certificates { get; private set; }

    private static bool IsEnvironmentKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && GrainKeys.IsValidName(key[..slash]) && GrainKeys.IsValidName(key[(slash + 1)..]);
    }
}

/// <summary>How the client finds the cluster: the same names and defaults as the silo's <c>FlagGrains:Cluster</c>.</summary>
public sealed class FlagGrainsClusterOptions
{
    public const string Section = "FlagGrains:Cluster";

    /// <summary>
    /// <c>Localhost</c>: the default single silo on this machine. <c>AdoNet</c>: gateways from the PostgreSQL membership
    /// table. <c>AzureStorage</c>: gateways from the Azure membership table.
    /// </summary>
    public ClientClusterMode Mode { get; set; } = ClientClusterMode.Localhost;

    public string ServiceId { get; set; } = "flaggrains";

    public string ClusterId { get; set; } = "flaggrains-local";

    /// <summary>The silo's client gateway port (Localhost mode).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// PostgreSQL connection string of the cluster's database (AdoNet mode), for the membership table only: give it a
    /// role with SELECT on <c>OrleansQuery</c> and <c>OrleansMembershipTable</c> and nothing else.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The silos' Azure membership table (AzureStorage mode): <c>FlagGrains:Cluster:AzureStorage</c>, as on the silos.</summary>
    public AzureStorageMembershipOptions AzureStorage { get; set; } = new();

    /// <summary>Mutual TLS to the silos' gateways (<c>FlagGrains:Cluster:Tls</c>): on by default in cluster modes, as on the silos.</summary>
    public ClusterTlsOptions Tls { get; set; } = new();
}

public enum ClientClusterMode
{
    Localhost,
    AdoNet,
    AzureStorage,
}
