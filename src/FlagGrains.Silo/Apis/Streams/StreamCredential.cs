using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using FlagGrains.Contracts;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>
/// The credential in an advertised stream URL: <c>fst1.{project}.{environment}.{keyId}.{expiresUnix}.{signature}</c>.
/// EventSource cannot send headers, so the URL itself must authorise the connection; it names only what a stream
/// needs (environment, the key whose revocation ends it, expiry) and is useless for evaluating flags.
/// </summary>
public static class StreamCredential
{
    private const string Prefix = "fst1";
    private const int SignatureBytes = 16;
    private const int MaxLength = 256;

    /// <summary>
    /// Deterministic for a (key, environment, key id, expiry), so every silo issues the same URL within a window and
    /// the bulk response keeps one strong ETag cluster-wide.
    /// </summary>
    public static string Issue(ReadOnlySpan<byte> signingKey, string environmentKey, string keyId, DateTimeOffset expires)
    {
        var (project, environment) = GrainKeys.ParseEnvironment(environmentKey);
        var expiresUnix = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Span<byte> signature = stackalloc byte[SignatureBytes];
        Sign(signingKey, environmentKey, keyId, expiresUnix, signature);
        return string.Join('.', Prefix, project, environment, keyId, expiresUnix, Base64Url.EncodeToString(signature));
    }

    /// <summary>Expiry of credentials issued at <paramref name="now"/>: the end of the window after the current one.</summary>
    public static DateTimeOffset ExpiryFor(DateTimeOffset now, TimeSpan lifetime)
    {
        var window = now.UtcTicks / lifetime.Ticks;
        return new DateTimeOffset((window + 2) * lifetime.Ticks, TimeSpan.Zero);
    }

    /// <summary>Checks format, signature and expiry; never throws on hostile input.</summary>
    public static bool TryVerify(ReadOnlySpan<byte> signingKey, string? token, DateTimeOffset now, out StreamClaims claims)
    {
        claims = default;
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength) return false;

        var parts = token.Split('.');
        if (parts.Length != 6 || parts[0] != Prefix) return false;
        var (project, environment, keyId, expiresUnix, signatureText) = (parts[1], parts[2], parts[3], parts[4], parts[5]);
        if (!GrainKeys.IsValidName(project) || !GrainKeys.IsValidName(environment) || keyId.Length is 0 or > 64) return false;
        if (!long.TryParse(expiresUnix, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)) return false;

        // Compared as text: decoding hostile base64 first would only add ways to fail.
        var environmentKey = GrainKeys.Environment(project, environment);
        Span<byte> expected = stackalloc byte[SignatureBytes];
        Sign(signingKey, environmentKey, keyId, expiresUnix, expected);
        Span<char> expectedText = stackalloc char[Base64Url.GetEncodedLength(SignatureBytes)];
        Base64Url.EncodeToChars(expected, expectedText);
        if (!CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(signatureText.AsSpan()), MemoryMarshal.AsBytes(expectedText))) return false;
        if (now.ToUnixTimeSeconds() >= expires) return false;

        claims = new StreamClaims(environmentKey, keyId, DateTimeOffset.FromUnixTimeSeconds(expires));
        return true;
    }

    private static void Sign(ReadOnlySpan<byte> signingKey, string environmentKey, string keyId, string expiresUnix, Span<byte> destination)
    {
        // A purpose label keeps this MAC from ever matching one computed with the same key for something else.
        var message = Encoding.UTF8.GetBytes($"flaggrains-stream-credential-v1\n{environmentKey}\n{keyId}\n{expiresUnix}");
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(signingKey, message, mac);
        mac[..SignatureBytes].CopyTo(destination);
    }
}

/// <summary>What a verified stream credential grants: notifications of one environment while the key stays active.</summary>
public readonly record struct StreamClaims(string EnvironmentKey, string KeyId, DateTimeOffset Expires);
