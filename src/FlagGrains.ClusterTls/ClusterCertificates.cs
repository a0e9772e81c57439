using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FlagGrains.ClusterTls;

/// <summary>This party's certificate and the authority its peers' certificates must chain to.</summary>
public sealed class ClusterCertificates
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private ClusterCertificates(X509Certificate2 local, X509Certificate2Collection authority)
    {
        Local = local;
        Authority = authority;
    }

    public X509Certificate2 Local { get; }

    public X509Certificate2Collection Authority { get; }

    /// <summary>
    /// Loads and checks everything once, at start. <paramref name="asServer"/>: a silo also accepts connections, so its
    /// certificate must allow server authentication as well as client authentication.
    /// </summary>
    /// <exception cref="ClusterTlsException">Missing, unreadable or unusable certificates; the message names the setting.</exception>
    public static ClusterCertificates Load(ClusterTlsOptions options, bool asServer)
    {
        var authority = LoadAuthority(options);
        var local = LoadLocal(options);
        if (!local.HasPrivateKey)
            throw new ClusterTlsException($"{ClusterTlsOptions.Section}: the certificate '{local.Subject}' has no private key; set KeyPath or use a file that includes the key.");
        if (DateTimeOffset.UtcNow > local.NotAfter.ToUniversalTime())
            throw new ClusterTlsException($"{ClusterTlsOptions.Section}: the certificate '{local.Subject}' expired on {local.NotAfter.ToUniversalTime():u}; issue a new one.");
        if (!AllowsUsage(local, ClientAuthentication) || (asServer && !AllowsUsage(local, ServerAuthentication)))
        {
            throw new ClusterTlsException(
                $"{ClusterTlsOptions.Section}: the certificate '{local.Subject}' must allow {(asServer ? "server and client" : "client")} authentication (extended key usage).");
        }

        var certificates = new ClusterCertificates(local, authority);
        if (!certificates.IsIssuedByAuthority(local, null))
            throw new ClusterTlsException($"{ClusterTlsOptions.Section}: the certificate '{local.Subject}' was not issued by the authority in CaCertificatePath; peers would refuse it.");
        return certificates;
    }

    /// <summary>
    /// The peer's certificate chains to the cluster's authority (names are not checked: silos are reached by address,
    /// and the authority is the cluster's own). Platform trust is ignored on purpose: a certificate a public authority
    /// issued to anyone must not open the cluster.
    /// </summary>
    public bool IsIssuedByAuthority(X509Certificate2 certificate, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        return chain.Build(certificate);
    }

    /// <summary>For Orleans' TLS options: the platform's verdict is replaced by <see cref="IsIssuedByAuthority"/>.</summary>
    public bool Validate(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors) => IsIssuedByAuthority(certificate, chain);

    private static X509Certificate2Collection LoadAuthority(ClusterTlsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.CaCertificatePath))
            throw new ClusterTlsException($"{ClusterTlsOptions.Section}:CaCertificatePath is required: the PEM certificate of the authority that issued the cluster's certificates.");

        var authority = new X509Certificate2Collection();
        try
        {
            authority.ImportFromPemFile(Readable(options.CaCertificatePath, "CaCertificatePath"));
        }
        catch (CryptographicException ex)
        {
            throw new ClusterTlsException($"{ClusterTlsOptions.Section}:CaCertificatePath '{options.CaCertificatePath}' holds no readable PEM certificate ({ex.Message.TrimEnd('.')}).", ex);
        }

        return authority.Count > 0
            ? authority
            : throw new ClusterTlsException($"{ClusterTlsOptions.Section}:CaCertificatePath '{options.CaCertificatePath}' holds no PEM certificate.");
    }

    private static X509Certificate2 LoadLocal(ClusterTlsOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.StoreSubject)) return FromStore(options);
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
            throw new ClusterTlsException($"{ClusterTlsOptions.Section}: set CertificatePath (and KeyPath) or StoreSubject: this party's own certificate.");

        var path = Readable(options.CertificatePath, "CertificatePath");
        try
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is ".pfx" or ".p12")
                return X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);

            var keyPath = string.IsNullOrWhiteSpace(options.KeyPath) ? null : Readable(options.KeyPath, "KeyPath");
            using var pem = string.IsNullOrEmpty(options.CertificatePassword)
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, options.CertificatePassword, keyPath);

            // Ephemeral PEM keys cannot be used by SslStream on every platform: round-trip through PKCS#12 once.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex)
        {
            throw new ClusterTlsException($"{ClusterTlsOptions.Section}: cannot read the certificate '{options.CertificatePath}' with its key ({ex.Message.TrimEnd('.')}); check CertificatePath, KeyPath and CertificatePassword.", ex);
        }
    }

    private static X509Certificate2 FromStore(ClusterTlsOptions options)
    {
        using var store = new X509Store(options.StoreName, options.StoreLocation);
        try
        {
            store.Open(OpenFlags.ReadOnly);
        }
        catch (CryptographicException ex)
        {
            throw new ClusterTlsException($"{ClusterTlsOptions.Section}: cannot open the certificate store {options.StoreLocation}/{options.StoreName} ({ex.Message.TrimEnd('.')}).", ex);
        }

        return store.Certificates.Find(X509FindType.FindBySubjectName, options.StoreSubject!, validOnly: false)
                   .Where(c => c.HasPrivateKey)
                   .OrderByDescending(c => c.NotAfter)
                   .FirstOrDefault()
               ?? throw new ClusterTlsException($"{ClusterTlsOptions.Section}: no certificate with a private key for subject '{options.StoreSubject}' in {options.StoreLocation}/{options.StoreName}.");
    }

    private static string Readable(string path, string setting)
    {
        var full = Path.GetFullPath(path);
        try
        {
            using var probe = File.OpenRead(full);
            return full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ClusterTlsException($"{ClusterTlsOptions.Section}:{setting} '{path}' cannot be read ({ex.Message.TrimEnd('.')}).", ex);
        }
    }

    private static bool AllowsUsage(X509Certificate2 certificate, string oid)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().ToList();
        return usages.Count == 0 || usages.Any(u => u.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == oid));
    }
}
