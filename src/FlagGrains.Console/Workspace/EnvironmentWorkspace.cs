using System.Text.Json;
using System.Text.Json.Nodes;
using FlagGrains.AdminConsole.Access;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Analytics;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Catalog;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Governance;
using FlagGrains.Domain.Editing;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;
using Microsoft.Extensions.Logging;

namespace FlagGrains.AdminConsole.Workspace;

/// <summary>
/// Everything the console reads and changes, through the same grains as the admin API: the environment grain
/// validates, enforces expected versions and ETags, and writes the audit. Every method checks the caller's role
/// first (<see cref="ConsoleGuard"/>), so a control the UI did not offer cannot be reached either.
/// </summary>
public sealed partial class EnvironmentWorkspace(IGrainFactory grains, ConsoleGuard guard, TimeProvider clock, ILogger<EnvironmentWorkspace> logger)
{
    private const string EmptyFlagSet = "{\"flags\":{}}";

    public async Task<IReadOnlyList<ProjectInfo>> ListProjectsAsync()
    {
        await guard.RequireAsync(AdminRole.Viewer);
        return await grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog).ListAsync();
    }

    /// <summary>Creates an empty environment; refused as stale when it already exists.</summary>
    public async Task<SaveOutcome> CreateEnvironmentAsync(string project, string environment)
    {
        var user = await guard.RequireAsync(AdminRole.Editor);
        if (!GrainKeys.IsValidName(project) || !GrainKeys.IsValidName(environment))
        {
            return new SaveOutcome(SaveStatus.Invalid, "Project and environment names are 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit.", []);
        }

        var result = await Environment(project, environment).PutFlagSetAsync(EmptyFlagSet, expectedVersion: 0, Change(user));
        return result.Status == FlagSetWriteStatus.VersionConflict
            ? new SaveOutcome(SaveStatus.Stale, $"'{project}/{environment}' already exists.", [])
            : SaveOutcome.From(result, null, $"'{project}/{environment}'");
    }

    /// <summary>The environment's document and version, or null when it does not exist.</summary>
    public async Task<FlagSetView?> GetFlagSetAsync(string project, string environment)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        return await Environment(project, environment).GetFlagSetAsync();
    }

    /// <summary>When each flag was last evaluated (absent: never); null when usage cannot be read right now.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>?> LastEvaluatedAsync(string project, string environment)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        try
        {
            var now = clock.GetUtcNow();
            var report = await grains.GetGrain<IFlagUsageGrain>(GrainKeys.Environment(project, environment)).ReadAsync(now.AddDays(-1), now);
            return report.Flags.ToDictionary(usage => usage.FlagKey, usage => usage.LastEvaluated, StringComparer.Ordinal);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Usage is a hint on the list, not worth failing the page for; the list then shows "—" (unknown).
            LogUsageUnavailable(logger, exception.GetType().Name);
            return null;
        }
    }

    public async Task<FlagView?> GetFlagAsync(string project, string environment, string flagKey)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        return await Environment(project, environment).GetFlagAsync(flagKey);
    }

    /// <summary>
    /// The kill switch: flips only the flag's state, guarded by the ETag the user saw. Under an approval policy it opens
    /// a change request, unless an admin confirmed an emergency override.
    /// </summary>
    public async Task<SaveOutcome> SetStateAsync(string project, string environment, string flagKey, bool enabled, string expectedEtag, bool overridePolicy = false)
    {
        var user = await guard.RequireAsync(overridePolicy ? AdminRole.Admin : AdminRole.Editor);
        var grain = Environment(project, environment);
        var current = await grain.GetFlagAsync(flagKey);
        if (current is null) return new SaveOutcome(SaveStatus.NotFound, $"Flag '{flagKey}' no longer exists.", []);
        if (current.ETag != expectedEtag) return new SaveOutcome(SaveStatus.Stale, SaveOutcome.StaleMessage, []);

        var flag = JsonNode.Parse(current.FlagJson)!.AsObject();
        flag["state"] = enabled ? "ENABLED" : "DISABLED";
        var json = flag.ToJsonString();
        var change = overridePolicy ? Change(user) with { Approval = ChangeApproval.Override() } : Change(user);
        var result = await grain.PutFlagAsync(flagKey, json, expectedEtag, change);
        if (result.Status == FlagSetWriteStatus.ApprovalRequired)
            return await ChangeRequestOutcomes.OpenAsync(grains, project, environment, ProposedWrite.Flag(flagKey, json, expectedEtag), change, $"Flag '{flagKey}'");
        return SaveOutcome.From(result, FlagEtagAfter(result, json), $"Flag '{flagKey}'");
    }

    /// <summary>
    /// Saves one flag. With an ETag, only over the version the user edited; without one (a new flag), only if no flag
    /// of that key appeared meanwhile, checked against the environment version.
    /// </summary>
    public async Task<SaveOutcome> SaveFlagAsync(string project, string environment, string flagKey, string flagJson, string? expectedEtag)
    {
        var user = await guard.RequireAsync(AdminRole.Editor);
        var grain = Environment(project, environment);
        if (expectedEtag is not null)
        {
            var result = await grain.PutFlagAsync(flagKey, flagJson, expectedEtag, Change(user));
            if (result.Status == FlagSetWriteStatus.ApprovalRequired)
                return await ChangeRequestOutcomes.OpenAsync(grains, project, environment, ProposedWrite.Flag(flagKey, flagJson, expectedEtag), Change(user), $"Flag '{flagKey}'");
            return SaveOutcome.From(result, FlagEtagAfter(result, flagJson), $"Flag '{flagKey}'");
        }

        var set = await grain.GetFlagSetAsync();
        if (set is null) return new SaveOutcome(SaveStatus.NotFound, $"'{project}/{environment}' does not exist.", []);
        if (FlagSetEditor.GetFlag(set.DocumentJson, flagKey) is not null)
            return new SaveOutcome(SaveStatus.Stale, $"A flag '{flagKey}' already exists; open it instead of creating it again.", []);
        var document = FlagSetEditor.SetFlag(set.DocumentJson, flagKey, flagJson);
        if (document is null) return new SaveOutcome(SaveStatus.Invalid, "A flag must be a JSON object.", []);

        var created = await grain.PutFlagSetAsync(document, set.Version, Change(user));
        if (created.Status == FlagSetWriteStatus.ApprovalRequired)
            return await ChangeRequestOutcomes.OpenAsync(grains, project, environment, ProposedWrite.Document(document, set.Version), Change(user), $"Flag '{flagKey}'");
        return SaveOutcome.From(created, FlagEtagAfter(created, flagJson), $"Flag '{flagKey}'");
    }

    /// <summary>Every flag evaluated for one context by the Domain engine, over the environment's current flag set.</summary>
    public async Task<(IReadOnlyList<PreviewRow> Rows, string? Error)> PreviewAsync(string project, string environment, string? targetingKey, IEnumerable<PreviewAttribute> attributes)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        var set = await Environment(project, environment).GetFlagSetAsync();
        if (set is null) return ([], $"'{project}/{environment}' does not exist.");

        var context = new JsonObject();
        foreach (var attribute in attributes.Where(a => !string.IsNullOrWhiteSpace(a.Name)))
        {
            context[attribute.Name.Trim()] = AttributeValue(attribute.Value);
        }

        if (!string.IsNullOrWhiteSpace(targetingKey)) context["targetingKey"] = targetingKey.Trim();
        using var json = JsonDocument.Parse(context.ToJsonString());
        if (!EvaluationContext.TryFromJson(json.RootElement, out var evaluationContext, out var error)) return ([], error);

        var parsed = FlagSetDocument.Parse(set.DocumentJson);
        if (parsed.Document is null) return ([], "The stored flag set could not be read.");
        var flags = CompiledFlagSet.Compile(parsed.Document, clock);
        var results = new EvaluationResult[flags.FlagKeys.Count];
        flags.EvaluateAll(evaluationContext, results);
        return (results.Select(r => new PreviewRow(r.FlagKey, r.Value?.ToString(), r.Variant, r.Reason, r.ErrorCode, r.ErrorMessage)).ToList(), null);
    }

    public async Task<AuditPage> ReadAuditAsync(string project, string environment, string? flagKey, long? cursor)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        return await grains.GetGrain<IAuditLogGrain>(GrainKeys.Environment(project, environment))
            .ReadAsync(cursor, 25, flagKey is null ? null : $"flags/{flagKey}");
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(string project, string environment)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        return await Environment(project, environment).ListKeysAsync();
    }

    /// <summary>Creates a key (admin role, as on the admin API); the secret is in the result only.</summary>
    public async Task<CreatedApiKey?> CreateKeyAsync(string project, string environment, ApiKeyKind kind)
    {
        var user = await guard.RequireAsync(AdminRole.Admin);
        return await Environment(project, environment).CreateKeyAsync(kind, Change(user));
    }

    public async Task<bool> RevokeKeyAsync(string project, string environment, string keyId)
    {
        var user = await guard.RequireAsync(AdminRole.Admin);
        return await Environment(project, environment).RevokeKeyAsync(keyId, Change(user));
    }

    /// <summary>What copying <paramref name="source"/>'s flag set over <paramref name="target"/> would change.</summary>
    public async Task<(PromotionPlan? Plan, string? Error)> PlanPromotionAsync(string project, string source, string target)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        if (source == target) return (null, "Choose two different environments.");
        var from = await Environment(project, source).GetFlagSetAsync();
        if (from is null) return (null, $"'{project}/{source}' does not exist.");
        var to = await Environment(project, target).GetFlagSetAsync();
        var changes = FlagSetDiff.Compute(to?.DocumentJson, from.DocumentJson);
        return (new PromotionPlan(project, source, target, from.DocumentJson, to?.Version ?? 0, changes), null);
    }

    /// <summary>Applies a plan only if the target is still at the version the diff was computed against.</summary>
    public async Task<SaveOutcome> ApplyPromotionAsync(PromotionPlan plan)
    {
        var user = await guard.RequireAsync(AdminRole.Editor);
        var result = await Environment(plan.Project, plan.Target).PutFlagSetAsync(plan.SourceDocumentJson, plan.TargetVersion, Change(user));
        if (result.Status == FlagSetWriteStatus.ApprovalRequired)
            return await ChangeRequestOutcomes.OpenAsync(grains, plan.Project, plan.Target, ProposedWrite.Document(plan.SourceDocumentJson, plan.TargetVersion), Change(user), $"'{plan.Project}/{plan.Target}'");
        return SaveOutcome.From(result, null, $"'{plan.Project}/{plan.Target}'");
    }

    private static JsonNode? AttributeValue(string text)
    {
        var trimmed = text.Trim();
        if (trimmed is "true" or "false" or "null" || (trimmed.Length > 0 && (char.IsAsciiDigit(trimmed[0]) || trimmed[0] == '-')))
        {
            try
            {
                if (JsonNode.Parse(trimmed) is var node && node is null or JsonValue) return node;
            }
            catch (JsonException)
            {
                // Not a JSON scalar (e.g. "1.2.3", a version): the text itself is the value.
            }
        }

        return JsonValue.Create(text);
    }

    private static string? FlagEtagAfter(FlagSetWriteResult result, string flagJson) =>
        result.Status == FlagSetWriteStatus.Stored ? FlagSetEditor.FlagEtag(flagJson) : null;

    private static ChangeContext Change(ConsoleUser user) => ConsoleAuthentication.ChangeContext(user, sourceAddress: null);

    private IEnvironmentGrain Environment(string project, string environment) =>
        grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flag usage could not be read ({Reason}); the console shows last evaluation as unknown.")]
    private static partial void LogUsageUnavailable(ILogger logger, string reason);
}
