namespace FlagGrains.Client.Evaluation;

/// <summary>OpenFeature error codes the client adds to the engine's (<see cref="Domain.Evaluation.ErrorCodes"/>).</summary>
public static class ClientErrorCodes
{
    /// <summary>No snapshot has been loaded yet: neither from the cluster nor from the snapshot cache.</summary>
    public const string ProviderNotReady = "PROVIDER_NOT_READY";
}
