using FlagGrains.ClusterTls;

namespace FlagGrains.Silo.Hosting;

/// <summary>
/// Whether this silo encrypts and authenticates its Orleans ports, and with which certificates. On by default in
/// cluster mode: anything that reaches an open silo or gateway port can call every grain, the admin directory included.
/// </summary>
public static class ClusterTlsHosting
{
    /// <summary>The silo's certificates, or null when TLS is off.</summary>
    /// <exception cref="StartupRefusedException">TLS is on and its certificates cannot be used.</exception>
    public static ClusterCertificates? Load(IConfiguration configuration, SiloClusterOptions cluster)
    {
        var options = configuration.GetSection(ClusterTlsOptions.Section).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
        if (!(options.Enabled ?? cluster.Mode != ClusterMode.Localhost)) return null;

        if (options.Enabled is null && string.IsNullOrWhiteSpace(options.CertificatePath) && string.IsNullOrWhiteSpace(options.StoreSubject))
        {
            throw new StartupRefusedException(
                $"{SiloClusterOptions.Section}:Mode={cluster.Mode} encrypts the Orleans ports with mutual TLS: set {ClusterTlsOptions.Section}:CertificatePath, KeyPath and CaCertificatePath " +
                $"(see silo-config/README.md), or {ClusterTlsOptions.Section}:Enabled=false only on a network nothing else can reach.");
        }

        try
        {
            return ClusterCertificates.Load(options, asServer: true);
        }
        catch (ClusterTlsException ex)
        {
            throw new StartupRefusedException(ex.Message, ex);
        }
    }
}
