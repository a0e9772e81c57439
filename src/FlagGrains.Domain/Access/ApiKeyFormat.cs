using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace FlagGrains.Domain.Access;

/// <summary>
/// Key layout <c>{prefix}.{project}.{environment}.{keyId}.{secret}</c>. The environment is in the key so a gateway can
/// find the right snapshot without a lookup; the key id lets a gateway check the hash without scanning.
/// </summary>
public static class ApiKeyFormat
{
    public const string ClientPrefix = "fgc";
    public const string ServerPrefix = "fgs";
    public const string AdminPrefix = "fga";

    private const int SecretBytes = 32;
    private const int KeyIdBytes = 6;

    /// <summary>Creates a key id and secret; <paramref name="token"/> is what the caller is shown once.</summary>
    public static (string KeyId, string Token) Create(string prefix, string project, string environment)
    {
        var keyId = RandomUrlSafe(KeyIdBytes);
        var token = string.Join('.', prefix, project, environment, keyId, RandomUrlSafe(SecretBytes));
        return (keyId, token);
    }

    /// <summary>Creates an admin token <c>fga.{tokenId}.{secret}</c>.</summary>
    public static (string TokenId, string Token) CreateAdmin()
    {
        var id = RandomUrlSafe(KeyIdBytes);
        return (id, string.Join('.', AdminPrefix, id, RandomUrlSafe(SecretBytes)));
    }

    /// <summary>Splits an environment key; false for anything that is not one (never throws).</summary>
    public static bool TryParse(ReadOnlySpan<char> token, out ParsedApiKey parsed)
    {
        parsed = default;
        Span<Range> parts = stackalloc Range[6];
        if (token.Length > 512 || token.Split(parts, '.') != 5) return false;
        var prefix = token[parts[0]];
        if (!prefix.SequenceEqual(ClientPrefix) && !prefix.SequenceEqual(ServerPrefix)) return false;
        foreach (var part in parts[..5])
        {
            if (token[part].IsEmpty) return false;
        }

        parsed = new ParsedApiKey(parts[0], parts[1], parts[2], parts[3]);
        return true;
    }

    /// <summary>SHA-256 as lowercase hex: what storage keeps instead of the secret.</summary>
    public static string Sha256Hex(string token)
    {
        Span<byte> hash = stackalloc byte[32];
        Sha256(token, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Allocation-free SHA-256 of a token for hot-path verification.</summary>
    public static void Sha256(ReadOnlySpan<char> token, Span<byte> destination)
    {
        var max = Encoding.UTF8.GetMaxByteCount(token.Length);
        var buffer = max <= 1024 ? stackalloc byte[max] : new byte[max];
        var written = Encoding.UTF8.GetBytes(token, buffer);
        SHA256.HashData(buffer[..written], destination);
    }

    private static string RandomUrlSafe(int bytes)
    {
        Span<byte> random = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }
}

/// <summary>Ranges into the presented token: prefix, project, environment and key id.</summary>
public readonly record struct ParsedApiKey(Range Prefix, Range Project, Range Environment, Range KeyId)
{
    public bool IsServerKey(ReadOnlySpan<char> token) => token[Prefix].SequenceEqual(ApiKeyFormat.ServerPrefix);
}
