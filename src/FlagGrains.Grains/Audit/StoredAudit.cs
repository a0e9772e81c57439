using FlagGrains.Contracts.Audit;

namespace FlagGrains.Grains.Audit;

/// <summary>
/// Audit entries in grain state are written by the JSON storage serializer, which records the runtime type of every
/// collection. Compiler-generated collections (from <c>[x]</c> expressions) have names the serializer refuses to
/// read back, so entries are stored with plain lists only.
/// </summary>
public static class StoredAudit
{
    public static AuditEntry Normalize(AuditEntry entry) =>
        entry.Changes is List<AuditChange> ? entry : entry with { Changes = entry.Changes.ToList() };

    public static List<AuditEntry> Normalize(IEnumerable<AuditEntry> entries) => entries.Select(Normalize).ToList();
}
