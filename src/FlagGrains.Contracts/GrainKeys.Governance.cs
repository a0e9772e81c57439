using System.Text.RegularExpressions;

namespace FlagGrains.Contracts;

/// <summary>Keys and ids of change requests, lifecycle and webhooks.</summary>
public static partial class GrainKeys
{
    /// <summary>Key of the singleton webhook registry.</summary>
    public const long WebhookRegistry = 0;

    private const string WebhookPrefix = "wh_";
    private const string DeliveryPrefix = "dlv_";
    private const string GovernanceIdAlphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new webhook id (<c>wh_</c> and 16 base-32 characters); also the key of its delivery grain.</summary>
    public static string NewWebhookId() => NewGovernanceId(WebhookPrefix);

    /// <summary>A new delivery id (<c>dlv_</c> and 16 base-32 characters).</summary>
    public static string NewDeliveryId() => NewGovernanceId(DeliveryPrefix);

    /// <summary>True for ids <see cref="NewWebhookId"/> could have made; anything else names no webhook.</summary>
    public static bool IsWebhookId(string? id) => id is not null && WebhookIdPattern().IsMatch(id);

    private static string NewGovernanceId(string prefix)
    {
        Span<char> chars = stackalloc char[16];
        System.Security.Cryptography.RandomNumberGenerator.GetItems(GovernanceIdAlphabet, chars);
        return string.Concat(prefix, chars);
    }

    [GeneratedRegex("^wh_[a-z2-7]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex WebhookIdPattern();
}
