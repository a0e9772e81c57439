using FlagGrains.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Hosting;

/// <summary>
/// The data-protection key ring (console session cookies, antiforgery tokens) lives in the cluster's own database, so
/// every silo reads what any silo wrote, and a recreated container keeps its users signed in.
/// </summary>
public static class ClusterKeyRingHosting
{
    public const string ApplicationName = "flaggrains";

    public static IServiceCollection AddClusterKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);

        // Resolved on first use, after the schema gate: the connection string may be missing, and that is the gate's
        // one-line refusal to give, not a hosting failure here.
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
        {
            var storage = sp.GetRequiredService<StorageOptions>();
            options.XmlRepository = new DataProtectionKeyRing(storage.Kind, storage.ResolveConnectionString());
        }));
        return services;
    }
}
