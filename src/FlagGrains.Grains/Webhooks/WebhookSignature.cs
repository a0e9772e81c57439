using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FlagGrains.Grains.Webhooks;

/// <summary>
/// Delivery signatures in the Standard Webhooks scheme (standardwebhooks.com), so receivers can use its libraries:
/// <c>webhook-signature: v1,base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}"))</c>, where the key is
/// the base64 part of the <c>whsec_…</c> secret. The timestamp is signed, so a receiver rejects old (replayed)
/// deliveries by it and repeats by the id.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";
    public const int SecretBytes = 32;

    /// <summary>A new signing secret, <c>whsec_</c> and 32 random bytes in base64.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>The header value for one attempt.</summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        var signed = Encoding.UTF8.GetBytes(string.Concat(messageId, ".", timestamp.ToString(CultureInfo.InvariantCulture), ".", body));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
