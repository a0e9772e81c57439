namespace FlagGrains.Grains.Webhooks;

/// <summary>
/// Protects webhook signing secrets at rest. Unlike tokens and keys, which are stored as SHA-256 hashes, an HMAC secret
/// must be recoverable to sign each delivery, so it is stored encrypted; the host supplies the protection (the silo
/// uses ASP.NET Core data protection with the cluster's key ring).
/// </summary>
public interface IWebhookSecretProtector
{
    string Protect(string secret);

    string Unprotect(string protectedSecret);
}
