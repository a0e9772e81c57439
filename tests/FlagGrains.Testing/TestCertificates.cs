using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FlagGrains.Testing;

/// <summary>
/// A throw-away certificate authority and certificates it issues, written as PEM files to a temp folder: what an
/// operator would hand a silo or an internal service for the cluster's mutual TLS.
/// </summary>
public sealed class TestCertificates
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2 _authority;

    private TestCertificates(string folder, X509Certificate2 authority)
    {
        Folder = folder;
        _authority = authority;
        AuthorityPath = Path.Combine(folder, "ca.pem");
        File.WriteAllText(AuthorityPath, authority.ExportCertificatePem());
    }

    public string Folder { get; }

    /// <summary>The authority's certificate (PEM): <c>FlagGrains:Cluster:Tls:CaCertificatePath</c>.</summary>
    public string AuthorityPath { get; }

    /// <summary>One authority per test run is enough: what tests vary is who holds which certificate.</summary>
    public static TestCertificates Shared { get; } = Create("run");

    public static TestCertificates Create(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "flaggrains-tls-tests", $"{name}-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=FlagGrains test authority {name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        return new TestCertificates(folder, authority);
    }

    /// <summary>A certificate issued by this authority: (certificate PEM path, key PEM path).</summary>
    public (string CertificatePath, string KeyPath) Issue(string name, bool server = true, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection { new Oid(ClientAuthentication) };
        if (server) usages.Add(new Oid(ServerAuthentication));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());

        var serial = RandomNumberGenerator.GetBytes(12);
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var issued = request.Create(_authority, notBefore, notAfter ?? DateTimeOffset.UtcNow.AddDays(1), serial);
        var certificatePath = Path.Combine(Folder, $"{name}.pem");
        var keyPath = Path.Combine(Folder, $"{name}.key");
        File.WriteAllText(certificatePath, issued.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    /// <summary>The <c>FlagGrains:Cluster:Tls</c> settings of a party holding <paramref name="issued"/>, as configuration keys.</summary>
    public Dictionary<string, string> Settings((string CertificatePath, string KeyPath) issued, string separator = ":") => new()
    {
        [$"FlagGrains{separator}Cluster{separator}Tls{separator}Enabled"] = "true",
        [$"FlagGrains{separator}Cluster{separator}Tls{separator}CertificatePath"] = issued.CertificatePath,
        [$"FlagGrains{separator}Cluster{separator}Tls{separator}KeyPath"] = issued.KeyPath,
        [$"FlagGrains{separator}Cluster{separator}Tls{separator}CaCertificatePath"] = AuthorityPath,
    };
}
