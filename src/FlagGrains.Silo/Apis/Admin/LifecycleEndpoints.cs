using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Analytics;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Lifecycle;
using FlagGrains.Domain.Model;
using FlagGrains.Grains.Analytics;
using FlagGrains.Silo.Apis.Http;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>
/// Owners, tags, descriptions and expiry of flags, kept beside the flagd document (never in its metadata, which devices
/// receive), the flag list filtered by them, and the lifecycle report: expired, stale and never-evaluated flags with
/// their owners. "Stale" comes from the evaluation usage the gateways already record.
/// </summary>
public static partial class LifecycleEndpoints
{
    private static readonly string[] Filters = ["tag", "owner", "expired", "usage"];

    public static void MapLifecycleApi(this RouteGroupBuilder environment)
    {
        environment.MapGet("/flags/{flagKey}/lifecycle", GetAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapPut("/flags/{flagKey}/lifecycle", PutAsync).RequireAdminRole(AdminRole.Editor);
        environment.MapGet("/lifecycle", ListAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapGet("/lifecycle-report", ReportAsync).RequireAdminRole(AdminRole.Viewer);
    }

    /// <summary>True when a GET of the flag document asks for the filtered lifecycle list instead.</summary>
    public static bool IsFiltered(HttpRequest request) => Filters.Any(request.Query.ContainsKey);

    public static async Task<IResult> GetAsync(string project, string environment, string flagKey, IGrainFactory grains, TimeProvider clock)
    {
        var key = GrainKeys.Environment(project, environment);
        if (await grains.GetGrain<IEnvironmentGrain>(key).GetFlagAsync(flagKey) is null)
            return FieldProblems.NotFound("flagKey", $"Flag '{flagKey}' does not exist in '{key}'.");
        var stored = await grains.GetGrain<IFlagLifecycleGrain>(key).GetAsync(flagKey);
        return Json(Describe(flagKey, stored, clock.GetUtcNow()));
    }

    public static async Task<IResult> PutAsync(string project, string environment, string flagKey, HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        var (body, problem) = await JsonObjectBody.ReadAsync(http.Request,
            "{\"owner\":\"team-checkout\",\"tags\":[\"checkout\"],\"description\":\"…\",\"temporary\":true,\"expiresAt\":\"2026-06-30\"}");
        if (problem is not null) return problem;
        var (lifecycle, invalid) = Parse(body!);
        if (invalid is not null) return invalid;

        var key = GrainKeys.Environment(project, environment);
        if (await grains.GetGrain<IEnvironmentGrain>(key).GetFlagAsync(flagKey) is null)
            return FieldProblems.NotFound("flagKey", $"Flag '{flagKey}' does not exist in '{key}'.");
        var stored = await grains.GetGrain<IFlagLifecycleGrain>(key).SetAsync(flagKey, lifecycle!, ChangeContexts.From(http));
        return Json(Describe(flagKey, stored, clock.GetUtcNow()));
    }

    public static async Task<IResult> ListAsync(string project, string environment, HttpContext http, IGrainFactory grains)
    {
        var query = http.Request.Query;
        bool? expired = null;
        if (query.TryGetValue("expired", out var expiredText))
        {
            if (expiredText != "true" && expiredText != "false") return FieldProblems.Invalid("expired", "expired must be true or false.");
            expired = expiredText == "true";
        }

        string? usage = query["usage"];
        if (usage is not null and not ("recent" or "stale" or "never")) return FieldProblems.Invalid("usage", "usage must be recent, stale or never.");
        var (staleDays, bad) = StaleDays(query["staleDays"], http.RequestServices);
        if (bad is not null) return bad;

        var flags = await ReadAsync(project, environment, grains, http.RequestServices.GetRequiredService<TimeProvider>(), staleDays);
        if (flags is null) return Problems.NotFound($"Environment '{project}/{environment}' has no flag set.");

        string? tag = query["tag"], owner = query["owner"];
        var selected = flags.Rows.Where(f =>
            (tag is null || f.Lifecycle.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
            && (owner is null || string.Equals(f.Lifecycle.Owner, owner, StringComparison.OrdinalIgnoreCase))
            && (expired is null || f.Expired == expired)
            && (usage is null || f.Usage == usage));
        return Json(new JsonObject
        {
            ["version"] = flags.Version,
            ["asOf"] = flags.AsOf,
            ["staleAfterDays"] = staleDays,
            ["flags"] = new JsonArray([.. selected.Select(Row)]),
        });
    }

    public static async Task<IResult> ReportAsync(string project, string environment, string? staleDays, HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        var (days, bad) = StaleDays(staleDays, http.RequestServices);
        if (bad is not null) return bad;
        var flags = await ReadAsync(project, environment, grains, clock, days);
        if (flags is null) return Problems.NotFound($"Environment '{project}/{environment}' has no flag set.");

        var expired = flags.Rows.Where(f => f.Expired).ToList();
        var stale = flags.Rows.Where(f => f.Usage == "stale").ToList();
        var never = flags.Rows.Where(f => f.Usage == "never").ToList();
        var owners = expired.Concat(stale).Concat(never)
            .GroupBy(f => f.Lifecycle.Owner ?? "", StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key.Length == 0).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new JsonObject
            {
                ["owner"] = g.Key.Length == 0 ? null : g.First().Lifecycle.Owner,
                ["expired"] = Keys(g.Where(f => f.Expired)),
                ["stale"] = Keys(g.Where(f => f.Usage == "stale").Distinct()),
                ["neverEvaluated"] = Keys(g.Where(f => f.Usage == "never").Distinct()),
            });
        return Json(new JsonObject
        {
            ["project"] = project,
            ["environment"] = environment,
            ["version"] = flags.Version,
            ["asOf"] = flags.AsOf,
            ["staleAfterDays"] = days,
            ["expired"] = new JsonArray([.. expired.Select(Row)]),
            ["stale"] = new JsonArray([.. stale.Select(Row)]),
            ["neverEvaluated"] = new JsonArray([.. never.Select(Row)]),
            ["owners"] = new JsonArray([.. owners]),
        });

        static JsonArray Keys(IEnumerable<FlagRow> rows) => new([.. rows.Select(r => JsonValue.Create(r.Key)).DistinctBy(v => v.GetValue<string>())]);
    }

    /// <summary>Every flag of the document with its lifecycle and usage, or null when the environment does not exist.</summary>
    private static async Task<FlagTable?> ReadAsync(string project, string environment, IGrainFactory grains, TimeProvider clock, int staleDays)
    {
        var key = GrainKeys.Environment(project, environment);
        var set = await grains.GetGrain<IEnvironmentGrain>(key).GetFlagSetAsync();
        if (set is null) return null;

        var now = clock.GetUtcNow();
        var lifecycles = (await grains.GetGrain<IFlagLifecycleGrain>(key).ListAsync()).ToDictionary(l => l.FlagKey, StringComparer.Ordinal);
        var usage = (await grains.GetGrain<IFlagUsageGrain>(key).ReadAsync(now, now)).Flags.ToDictionary(f => f.FlagKey, f => f.LastEvaluated, StringComparer.Ordinal);
        var cutoff = now.AddDays(-staleDays);
        var keys = FlagSetDocument.Parse(set.DocumentJson).Document?.FlagKeys ?? [];
        var definitions = JsonNode.Parse(set.DocumentJson)?["flags"] as JsonObject;
        var rows = keys.Select(flagKey =>
        {
            var lifecycle = lifecycles.TryGetValue(flagKey, out var stored) ? stored.Lifecycle : FlagLifecycle.Empty;
            DateTimeOffset? last = usage.TryGetValue(flagKey, out var at) ? at : null;
            var state = definitions?[flagKey]?["state"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            return new FlagRow(flagKey, state, lifecycle, lifecycle.IsExpiredAt(now), last, last is null ? "never" : last < cutoff ? "stale" : "recent");
        }).ToList();
        return new FlagTable(set.Version, now, rows);
    }

    private static (int Days, IResult? Problem) StaleDays(string? text, IServiceProvider services)
    {
        if (text is null) return (Math.Max(1, (int)Math.Round(services.GetRequiredService<IOptions<AnalyticsOptions>>().Value.StaleAfter.TotalDays)), null);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 3650
            ? (days, null)
            : (0, FieldProblems.Invalid("staleDays", "staleDays must be a whole number of days between 1 and 3650."));
    }

    /// <summary>Checks every field and names the first one at fault.</summary>
    private static (FlagLifecycle? Lifecycle, IResult? Problem) Parse(JsonObject body)
    {
        foreach (var (name, _) in body)
        {
            if (name is not ("owner" or "tags" or "description" or "temporary" or "expiresAt"))
                return (null, FieldProblems.Invalid(name, $"'{name}' is not a lifecycle field; they are owner, tags, description, temporary and expiresAt."));
        }

        if (!TryText(body, "owner", FlagLifecycle.MaxOwnerLength, out var owner)) return Bad("owner", $"owner must be text of at most {FlagLifecycle.MaxOwnerLength} characters.");
        if (!TryText(body, "description", FlagLifecycle.MaxDescriptionLength, out var description))
            return Bad("description", $"description must be text of at most {FlagLifecycle.MaxDescriptionLength} characters.");

        var tags = new List<string>();
        if (body["tags"] is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is not JsonValue v || !v.TryGetValue<string>(out var tag) || !TagPattern().IsMatch(tag))
                    return Bad("tags", $"each tag is 1-{FlagLifecycle.MaxTagLength} characters of a-z, 0-9 and . _ : / -, starting with a letter or digit.");
                if (!tags.Contains(tag, StringComparer.Ordinal)) tags.Add(tag);
            }

            if (tags.Count > FlagLifecycle.MaxTags) return Bad("tags", $"a flag has at most {FlagLifecycle.MaxTags} tags.");
        }
        else if (body["tags"] is not null)
        {
            return Bad("tags", "tags must be an array of text.");
        }

        bool? temporary = null;
        if (body["temporary"] is { } temporaryNode)
        {
            if (temporaryNode is not JsonValue t || t.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) return Bad("temporary", "temporary must be true or false.");
            temporary = t.GetValue<bool>();
        }

        DateTimeOffset? expiresAt = null;
        if (body["expiresAt"] is { } expiresNode)
        {
            if (expiresNode is not JsonValue e || !e.TryGetValue<string>(out var text) || !TryParseExpiry(text, out var parsed))
                return Bad("expiresAt", "expiresAt must be an ISO 8601 date (2026-06-30, meaning its start in UTC) or a date and time with an offset (2026-06-30T12:00:00Z).");
            if (temporary == false) return Bad("temporary", "A flag with expiresAt is temporary; leave temporary out or set it to true.");
            expiresAt = parsed;
        }

        return (new FlagLifecycle(owner, tags, description, temporary ?? expiresAt is not null, expiresAt), null);

        static (FlagLifecycle?, IResult?) Bad(string field, string message) => (null, FieldProblems.Invalid(field, message));
    }

    private static bool TryText(JsonObject body, string name, int max, out string? value)
    {
        value = null;
        if (body[name] is null) return true;
        if (body[name] is not JsonValue v || !v.TryGetValue<string>(out var text) || text.Length > max) return false;
        value = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        return true;
    }

    /// <summary>A calendar date (its start, UTC) or a date-time that states its offset; nothing ambiguous.</summary>
    private static bool TryParseExpiry(string text, out DateTimeOffset value)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"],
                   CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
               && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 10);
    }

    private static JsonObject Describe(string flagKey, StoredFlagLifecycle? stored, DateTimeOffset now)
    {
        var lifecycle = stored?.Lifecycle ?? FlagLifecycle.Empty;
        var body = Lifecycle(lifecycle, now);
        body.Insert(0, "key", flagKey);
        body["updatedAt"] = stored?.UpdatedAt;
        body["updatedBy"] = stored?.UpdatedBy;
        return body;
    }

    private static JsonObject Row(FlagRow row)
    {
        var body = Lifecycle(row.Lifecycle, expired: row.Expired);
        body.Insert(0, "key", row.Key);
        body.Insert(1, "state", row.State);
        body["lastEvaluated"] = row.LastEvaluated;
        body["usage"] = row.Usage;
        return body;
    }

    private static JsonObject Lifecycle(FlagLifecycle lifecycle, DateTimeOffset now) => Lifecycle(lifecycle, lifecycle.IsExpiredAt(now));

    private static JsonObject Lifecycle(FlagLifecycle lifecycle, bool expired) => new()
    {
        ["owner"] = lifecycle.Owner,
        ["tags"] = new JsonArray([.. lifecycle.Tags.Select(t => JsonValue.Create(t))]),
        ["description"] = lifecycle.Description,
        ["temporary"] = lifecycle.Temporary,
        ["expiresAt"] = lifecycle.ExpiresAt,
        ["expired"] = expired,
    };

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    [GeneratedRegex("^[a-z0-9][a-z0-9._:/-]{0,49}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    private sealed record FlagRow(string Key, string? State, FlagLifecycle Lifecycle, bool Expired, DateTimeOffset? LastEvaluated, string Usage);

    private sealed record FlagTable(long Version, DateTimeOffset AsOf, IReadOnlyList<FlagRow> Rows);
}
