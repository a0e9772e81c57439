using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FlagGrains.Grains.Webhooks;

/// <summary>
/// Which destinations a webhook may reach (server-side request forgery guard). Loopback, private, link-local (cloud
/// metadata), carrier-grade NAT, multicast and reserved addresses are refused unless allow-listed; the check applies
/// to the addresses a name resolves to, at registration and at every connection.
/// </summary>
public sealed class WebhookDestinations(IOptions<WebhookOptions> options)
{
    /// <summary>Why a URL cannot be a webhook destination, or null when its shape is fine.</summary>
    public static string? ShapeProblem(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2048) return "url is required, at most 2048 characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.HostNameType is UriHostNameType.Unknown or UriHostNameType.Basic)
            return "url must be an absolute http or https URL.";
        if (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp) return "url must use http or https.";
        if (parsed.UserInfo.Length > 0) return "url must not carry credentials; authenticate deliveries by their signature.";
        if (parsed.Fragment.Length > 0) return "url must not have a fragment.";
        uri = parsed;
        return null;
    }

    /// <summary>True when an allow-list entry names this host (by name, case-insensitively).</summary>
    public bool IsHostAllowListed(string host) =>
        options.Value.AllowedHosts.Any(entry => string.Equals(entry.Trim().TrimEnd('.'), host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="address"/> may be connected to for <paramref name="host"/>.</summary>
    public bool IsAllowed(string host, IPAddress address)
    {
        if (IsHostAllowListed(host)) return true;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IsPublic(address)) return true;
        return options.Value.AllowedHosts.Any(entry => MatchesAddress(entry.Trim(), address));
    }

    /// <summary>
    /// Resolves <paramref name="host"/> and returns the addresses that may be used, or the reason none may. A name that
    /// does not resolve is refused too: at registration it is a typo, at delivery a failed attempt.
    /// </summary>
    public async Task<(IReadOnlyList<IPAddress> Addresses, string? Problem)> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        IPAddress[] resolved;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            resolved = [literal];
        }
        else
        {
            try
            {
                resolved = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException)
            {
                return ([], $"the host '{host}' does not resolve.");
            }
        }

        var allowed = resolved.Where(a => IsAllowed(host, a)).ToList();
        if (allowed.Count == resolved.Length && allowed.Count > 0) return (allowed, null);
        if (resolved.Length == 0) return ([], $"the host '{host}' does not resolve.");

        // A name resolving to both public and private addresses is refused outright: which one a connection would use
        // is the resolver's choice, and an attacker controlling the name would make it the private one.
        return ([], $"'{host}' resolves to a loopback, private or reserved address ({resolved.First(a => !IsAllowed(host, a))}); " +
                    "allow it in FlagGrains:Webhooks:AllowedHosts if that is intended.");
    }

    /// <summary>True for addresses on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return false;
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return bytes[0] switch
            {
                0 or 10 or 127 => false,
                100 when bytes[1] is >= 64 and <= 127 => false,        // 100.64.0.0/10 carrier-grade NAT
                169 when bytes[1] == 254 => false,                     // link-local, cloud metadata
                172 when bytes[1] is >= 16 and <= 31 => false,
                192 when bytes[1] == 168 => false,
                192 when bytes[1] == 0 && bytes[2] is 0 or 2 => false, // IETF protocol assignments, TEST-NET-1
                198 when bytes[1] is 18 or 19 => false,                // benchmarking
                198 when bytes[1] == 51 && bytes[2] == 100 => false,   // TEST-NET-2
                203 when bytes[1] == 0 && bytes[2] == 113 => false,    // TEST-NET-3
                >= 224 => false,                                       // multicast, reserved, broadcast
                _ => true,
            };
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast) return false;
        if ((bytes[0] & 0xfe) == 0xfc) return false;                   // fc00::/7 unique local
        if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8) return false; // documentation

        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed an IPv4 address: judge that one.
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b) return IsPublic(new IPAddress(bytes[12..16]));
        if (bytes[0] == 0x20 && bytes[1] == 0x02) return IsPublic(new IPAddress(bytes[2..6]));
        return true;
    }

    public static bool IsValidAllowEntry(string entry)
    {
        var value = entry.Trim();
        if (value.Length == 0) return false;
        if (IPAddress.TryParse(value, out _) || IPNetwork.TryParse(value, out _)) return true;
        return Uri.CheckHostName(value.TrimEnd('.')) == UriHostNameType.Dns;
    }

    private static bool MatchesAddress(string entry, IPAddress address)
    {
        if (IPAddress.TryParse(entry, out var listed))
            return (listed.IsIPv4MappedToIPv6 ? listed.MapToIPv4() : listed).Equals(address);
        return entry.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(entry, out var network) && network.Contains(address);
    }
}
