using System.Buffers;
using System.Text.RegularExpressions;

namespace FlagGrains.Contracts;

/// <summary>
/// The one place grain keys are built and parsed, so silos, clients and tests can never disagree on them.
/// </summary>
public static partial class GrainKeys
{
    /// <summary>Key of the singleton admin directory grain.</summary>
    public const long AdminDirectory = 0;

    /// <summary>Key of the singleton catalog of projects and environments.</summary>
    public const long Catalog = 0;

    /// <summary>Audit scope of admin-token changes (environments use their environment key).</summary>
    public const string AdminAuditScope = "_admin";

    /// <summary><c>{scope}#{segment}</c>: one fixed-size segment of an audit log.</summary>
    public static string AuditSegment(string scope, long segment) =>
        string.Concat(scope, "#", segment.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Key of the singleton grain holding the event-stream signing key.</summary>
    public const long StreamSigningKey = 0;

    /// <summary>Project and environment names: lowercase, URL- and key-safe, no separators of ours inside.</summary>
    public static bool IsValidName(string? name) => name is not null && IsName(name);

    /// <summary><c>{project}/{environment}</c>: the flag-set grain and its stream.</summary>
    public static string Environment(string project, string environment)
    {
        if (!IsValidName(project)) throw new ArgumentException($"Invalid project name '{project}'.", nameof(project));
        if (!IsValidName(environment)) throw new ArgumentException($"Invalid environment name '{environment}'.", nameof(environment));
        return string.Concat(project, "/", environment);
    }

    /// <summary>
    /// The environment key for names taken from untrusted input (an API key): validates each name once, and returns
    /// false instead of throwing, because on the evaluation path a bad name is a 401, not a bug.
    /// </summary>
    public static bool TryEnvironment(ReadOnlySpan<char> project, ReadOnlySpan<char> environment, out string environmentKey)
    {
        environmentKey = "";
        if (!IsName(project) || !IsName(environment)) return false;
        environmentKey = string.Concat(project, "/", environment);
        return true;
    }

    /// <summary>Longest environment key: two names of at most 63 characters and the slash.</summary>
    public const int MaxEnvironmentKeyLength = 127;

    /// <summary>
    /// <see cref="TryEnvironment"/> into a buffer of at least <see cref="MaxEnvironmentKeyLength"/> characters: a request
    /// whose environment this silo serves borrows the key string its snapshot holds instead of building one.
    /// </summary>
    public static bool TryWriteEnvironment(ReadOnlySpan<char> project, ReadOnlySpan<char> environment, Span<char> destination, out int written)
    {
        written = 0;
        if (!IsName(project) || !IsName(environment)) return false;
        project.CopyTo(destination);
        destination[project.Length] = '/';
        environment.CopyTo(destination[(project.Length + 1)..]);
        written = project.Length + 1 + environment.Length;
        return true;
    }

    /// <summary>Splits an environment key back into its names.</summary>
    public static (string Project, string Environment) ParseEnvironment(string environmentKey)
    {
        var slash = environmentKey.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == environmentKey.Length - 1)
            throw new FormatException($"'{environmentKey}' is not an environment key.");
        return (environmentKey[..slash], environmentKey[(slash + 1)..]);
    }

    /// <summary>
    /// <c>{silo}|{project}/{environment}</c>: a gateway belongs to exactly one silo, so the silo is part of its identity.
    /// </summary>
    public static string Gateway(string siloIdentity, string environmentKey) => string.Concat(siloIdentity, "|", environmentKey);

    /// <summary><c>{silo}</c>: the grain that passes version bumps to one silo's gateways.</summary>
    public static string GatewayRelay(string siloIdentity) => siloIdentity;

    /// <summary>Splits a gateway key into the silo it belongs to and its environment key.</summary>
    public static (string SiloIdentity, string EnvironmentKey) ParseGateway(string gatewayKey)
    {
        var bar = gatewayKey.LastIndexOf('|');
        if (bar <= 0) throw new FormatException($"'{gatewayKey}' is not a gateway key.");
        return (gatewayKey[..bar], gatewayKey[(bar + 1)..]);
    }

    /// <summary><c>{project}/{environment}@{yyyy-MM-dd}</c>: one UTC day of an environment's evaluation counts.</summary>
    public static string FlagUsageDay(string environmentKey, DateOnly day) =>
        string.Concat(environmentKey, "@", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The day of a <see cref="FlagUsageDay"/> key.</summary>
    public static DateOnly ParseFlagUsageDay(string dayKey) =>
        DateOnly.ParseExact(dayKey[(dayKey.LastIndexOf('@') + 1)..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A new release id (<c>rel_</c> and 16 base-32 characters): globally unique, so an alert can name a release alone.</summary>
    public static string NewReleaseId() => NewId(ReleasePrefix);

    /// <summary>A new scheduled-change id (<c>chg_</c> and 16 base-32 characters).</summary>
    public static string NewScheduledChangeId() => NewId(ScheduledChangePrefix);

    /// <summary>True for ids <see cref="NewReleaseId"/> could have made; anything else names no release.</summary>
    public static bool IsReleaseId(string? id) => id is not null && id.StartsWith(ReleasePrefix, StringComparison.Ordinal) && AutomationIdPattern().IsMatch(id);

    public static bool IsScheduledChangeId(string? id) => id is not null && id.StartsWith(ScheduledChangePrefix, StringComparison.Ordinal) && AutomationIdPattern().IsMatch(id);

    private const string ReleasePrefix = "rel_";
    private const string ScheduledChangePrefix = "chg_";
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    private static string NewId(string prefix)
    {
        Span<char> chars = stackalloc char[16];
        System.Security.Cryptography.RandomNumberGenerator.GetItems(Base32, chars);
        return string.Concat(prefix, chars);
    }

    [GeneratedRegex(@"\A(rel|chg)_[a-z2-7]{16}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AutomationIdPattern();

    /// <summary>
    /// <c>[a-z0-9][a-z0-9-]{0,62}</c>, the whole text and nothing after it (no trailing newline, as a <c>$</c>-anchored
    /// pattern would allow). Checked by hand: it runs on every evaluation request, where a regex match allocated.
    /// </summary>
    private static bool IsName(ReadOnlySpan<char> name) =>
        name.Length is >= 1 and <= 63 && name[0] != '-' && !name.ContainsAnyExcept(NameCharacters);

    private static readonly SearchValues<char> NameCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");
}
