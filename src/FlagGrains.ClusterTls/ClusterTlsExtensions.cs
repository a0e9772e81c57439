using Orleans.Connections.Security;
using Orleans.Hosting;

namespace FlagGrains.ClusterTls;

/// <summary>Mutual TLS on every Orleans connection: both ends present a certificate of the cluster's authority.</summary>
public static class ClusterTlsExtensions
{
    /// <summary>Silo-to-silo and client-to-gateway connections, inbound and outbound.</summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ClusterCertificates certificates) =>
        silo.UseTls(certificates.Local, options => Require(options, certificates));

    /// <summary>This client's connections to the silos' gateways.</summary>
    public static IClientBuilder UseClusterTls(this IClientBuilder client, ClusterCertificates certificates) =>
        client.UseTls(certificates.Local, options => Require(options, certificates));

    private static void Require(TlsOptions options, ClusterCertificates certificates)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = certificates.Validate;
    }
}
