using FlagGrains.Grains.Webhooks;
using Microsoft.AspNetCore.DataProtection;

namespace FlagGrains.Silo.Hosting;

/// <summary>
/// Webhook signing secrets at rest: encrypted with ASP.NET Core data protection (the key ring every silo of the cluster
/// shares), because an HMAC secret must be recovered to sign each delivery; a one-way hash, as used for tokens and
/// keys, could not sign anything. What this protects against: a leaked database row, backup or log shows no secret.
/// What it does not: someone holding both the database and the key ring can decrypt; protect the key ring at rest
/// (e.g. with a certificate) where that matters.
/// </summary>
public sealed class WebhookSecretProtection(IDataProtectionProvider provider) : IWebhookSecretProtector
{
    private const string Purpose = "FlagGrains.Webhooks.SigningSecret.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    public static IServiceCollection AddWebhookSecretProtection(IServiceCollection services)
    {
        services.AddDataProtection();
        services.AddSingleton<IWebhookSecretProtector, WebhookSecretProtection>();
        return services;
    }
}
