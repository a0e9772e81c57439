using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;

namespace FlagGrains.Grains.Audit;

/// <summary>
/// Append-only audit log of one scope. Entries live in segments of <see cref="SegmentSize"/>, so appending writes one
/// small segment row and this head, never the whole history.
/// </summary>
/// <remarks>
/// Segments are written before the head, so the segments are the truth and the stored head may only lag behind them
/// (a crash or a failed head write between the two). The head is repaired from the tail segment on activation and
/// before the next append after a failed write; an entry is therefore never counted without being stored, and never
/// stored without being counted once the log is used again.
/// </remarks>
public sealed class AuditLogGrain(
    [PersistentState("audit-log", ProviderNames.GrainStorage)] IPersistentState<AuditLogState> state) : Grain, IAuditLogGrain
{
    public const int SegmentSize = 100;
    private const int RecentIdsKept = 512;

    // True until the tail has been checked against the head (each activation, and after any failed write).
    private bool _headBehind = true;

    // True while memory counts entries the stored head does not.
    private bool _headUnsaved;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => CatchUpAsync();

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries)
    {
        await CatchUpAsync();
        var fresh = entries.Where(e => !state.State.RecentIds.Contains(e.EntryId)).DistinctBy(e => e.EntryId).ToList();
        if (fresh.Count == 0)
        {
            // A retry of entries the segments already hold: the caller learns of success only once the head says so too.
            if (_headUnsaved) await SaveHeadAsync();
            return;
        }

        var index = state.State.Count;
        try
        {
            foreach (var group in fresh.Select((entry, i) => (entry, position: index + i)).GroupBy(x => x.position / SegmentSize))
            {
                await Segment(group.Key).AppendAsync(group.Select(x => x.entry).ToList());
            }
        }
        catch
        {
            // An earlier segment of this append may have been written: count it before anything else is appended.
            _headBehind = true;
            throw;
        }

        // The segments hold the entries now: memory follows them even if the head write below fails.
        Count(fresh);
        await SaveHeadAsync();
    }

    public async Task<AuditPage> ReadAsync(long? cursor, int limit, string? item)
    {
        limit = Math.Clamp(limit, 1, 500);
        var position = Math.Min(cursor ?? long.MaxValue, state.State.Count - 1);
        var page = new List<AuditEntry>(limit);
        while (position >= 0 && page.Count < limit)
        {
            var segmentNumber = position / SegmentSize;
            var segment = await Segment(segmentNumber).ReadAsync();
            for (var offset = (int)(position - segmentNumber * SegmentSize); offset >= 0 && page.Count < limit; offset--, position--)
            {
                if (offset >= segment.Count) continue;
                var entry = segment[offset];
                if (item is null || entry.Changes.Any(c => c.Item == item)) page.Add(entry);
            }
        }

        return new AuditPage(page, position >= 0 ? position : null);
    }

    /// <summary>Counts entries the tail segments hold beyond the head (left by a crash or a failed head write).</summary>
    private async Task CatchUpAsync()
    {
        if (!_headBehind) return;
        while (true)
        {
            var tail = await Segment(state.State.Count / SegmentSize).ReadAsync();
            var known = (int)(state.State.Count % SegmentSize);
            if (tail.Count <= known) break;
            Count(tail.Skip(known).ToList());
            if (state.State.Count % SegmentSize != 0) break;
        }

        _headBehind = false;
    }

    private void Count(List<AuditEntry> stored)
    {
        state.State.Count += stored.Count;
        _headUnsaved = true;
        state.State.RecentIds.AddRange(stored.Select(e => e.EntryId));
        if (state.State.RecentIds.Count > RecentIdsKept) state.State.RecentIds.RemoveRange(0, state.State.RecentIds.Count - RecentIdsKept);
    }

    private async Task SaveHeadAsync()
    {
        try
        {
            await state.WriteStateAsync();
            _headUnsaved = false;
        }
        catch
        {
            // The stored head may be behind (or, if the write landed after all, current): re-read the tail next time.
            _headBehind = true;
            throw;
        }
    }

    private IAuditSegmentGrain Segment(long number) =>
        GrainFactory.GetGrain<IAuditSegmentGrain>(GrainKeys.AuditSegment(this.GetPrimaryKeyString(), number));
}
