using Orleans.Concurrency;

namespace FlagGrains.Contracts.Audit;

/// <summary>
/// Append-only audit log of one scope (an environment key, or <see cref="GrainKeys.AdminAuditScope"/>). Entries are
/// spread over fixed-size segments so an append never rewrites the whole history.
/// </summary>
[Alias("FlagGrains.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Appends entries not seen before (by <see cref="AuditEntry.EntryId"/>), so a retried append is harmless.</summary>
    [Alias("Append")]
    Task AppendAsync(IReadOnlyList<AuditEntry> entries);

    /// <summary>Newest-first page, optionally only entries touching <paramref name="item"/> (e.g. <c>flags/dark-mode</c>).</summary>
    [Alias("Read"), ReadOnly]
    Task<AuditPage> ReadAsync(long? cursor, int limit, string? item);
}

/// <summary>One fixed-size segment of an audit log.</summary>
[Alias("FlagGrains.IAuditSegmentGrain")]
public interface IAuditSegmentGrain : IGrainWithStringKey
{
    /// <summary>Appends entries to this segment.</summary>
    [Alias("Append")]
    Task AppendAsync(IReadOnlyList<AuditEntry> entries);

    /// <summary>All entries of this segment, oldest first.</summary>
    [Alias("Read"), ReadOnly]
    Task<IReadOnlyList<AuditEntry>> ReadAsync();
}
