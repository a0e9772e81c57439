using System.Security.Cryptography.X509Certificates;

namespace FlagGrains.ClusterTls;

/// <summary>
/// Bound from <c>FlagGrains:Cluster:Tls</c> by silos and internal services alike: mutual TLS on the silo-to-silo and
/// gateway ports. Every party presents its own certificate, and accepts only certificates issued by the cluster's
/// authority (<see cref="CaCertificatePath"/>): use an authority dedicated to this cluster.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string Section = "FlagGrains:Cluster:Tls";

    /// <summary>Null: the host decides (silos: on in cluster mode, off for a single silo).</summary>
    public bool? Enabled { get; set; }

    /// <summary>This party's certificate: a PEM file (with <see cref="KeyPath"/>, or key included) or a PKCS#12 (.pfx/.p12) file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key of <see cref="CertificatePath"/>, when it is not in the same file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of a PKCS#12 file or of an encrypted PEM key.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Instead of a file: the subject of a certificate with a private key in a certificate store.</summary>
    public string? StoreSubject { get; set; }

    public StoreName StoreName { get; set; } = StoreName.My;

    public StoreLocation StoreLocation { get; set; } = StoreLocation.CurrentUser;

    /// <summary>PEM file with the certificate(s) of the authority that issued every silo's and client's certificate.</summary>
    public string? CaCertificatePath { get; set; }
}
