namespace FlagGrains.Contracts;

/// <summary>Names of the Orleans providers every silo and client must agree on.</summary>
public static class ProviderNames
{
    /// <summary>Grain storage holding environments and the admin directory.</summary>
    public const string GrainStorage = "flaggrains";

    /// <summary>Storage for stream subscriptions; must be durable in a cluster (see docs).</summary>
    public const string PubSubStore = "PubSubStore";

    /// <summary>Stream provider that carries version bumps from environments to gateways.</summary>
    public const string Streams = "flaggrains-streams";

    /// <summary>Stream namespace of version bumps; the stream key is the environment key.</summary>
    public const string VersionBumpNamespace = "environment-versions";
}
