using FlagGrains.Domain.Editing;

namespace FlagGrains.AdminConsole.Workspace;

/// <summary>
/// Copying one environment's flag set over another's: what would change, and the target version it was computed
/// against, so applying refuses if the target moved in between.
/// </summary>
public sealed record PromotionPlan(string Project, string Source, string Target, string SourceDocumentJson, long TargetVersion, IReadOnlyList<ItemChange> Changes);
