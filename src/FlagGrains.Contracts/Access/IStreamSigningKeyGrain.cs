namespace FlagGrains.Contracts.Access;

/// <summary>
/// Holds the cluster-wide secret that signs event-stream credentials, so a URL issued by one silo is accepted by
/// every other. Silos read it once and cache it; nothing on the request path calls this grain.
/// </summary>
[Alias("FlagGrains.IStreamSigningKeyGrain")]
public interface IStreamSigningKeyGrain : IGrainWithIntegerKey
{
    /// <summary>The signing key, generated and persisted on first use (32 random bytes).</summary>
    [Alias("GetKey")]
    Task<byte[]> GetKeyAsync();
}
