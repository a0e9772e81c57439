using FlagGrains.Contracts.Audit;
using FlagGrains.Grains.Tests.TestSupport;

namespace FlagGrains.Grains.Tests.Audit;

/// <summary>
/// The audit head and its segments are two writes; a failure (or a crash) between or during them must never lose an
/// entry, count one twice, or hide the entries appended after it.
/// </summary>
[Collection(FaultyStorageCollection.Name)]
public sealed class AuditLogFailureTests(FaultyStorageFixture fixture)
{
    private static string NewScope() => $"audit-{Guid.NewGuid():N}"[..20] + "/prod";

    private static AuditEntry Entry(string scope, string id) =>
        new($"{scope}:{id}", scope, "flag.put", DateTimeOffset.UnixEpoch, FlagDocuments.Change, null, new List<AuditChange> { new($"flags/{id}", null, "{}") });

    private async Task<List<string>> StoredIdsAsync(string scope) =>
        (await fixture.Grains.GetGrain<IAuditLogGrain>(scope).ReadAsync(null, 500, null)).Entries.Select(e => e.EntryId).ToList();

    [Fact]
    public async Task A_failed_segment_write_stores_nothing_and_the_retry_stores_the_entry_once()
    {
        var scope = NewScope();
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(scope);
        using (FaultyStorage.FailWrites("audit-segment", scope))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => log.AppendAsync([Entry(scope, "a")]));
            Assert.Empty(await StoredIdsAsync(scope));
        }

        await log.AppendAsync([Entry(scope, "a")]);

        Assert.Equal([$"{scope}:a"], await StoredIdsAsync(scope));
    }

    [Fact]
    public async Task A_failed_head_write_is_retried_without_a_duplicate()
    {
        var scope = NewScope();
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(scope);
        using (FaultyStorage.FailWrites("audit-log", scope))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => log.AppendAsync([Entry(scope, "a")]));
        }

        await log.AppendAsync([Entry(scope, "a")]);

        Assert.Equal([$"{scope}:a"], await StoredIdsAsync(scope));
    }

    [Fact]
    public async Task Entries_a_crashed_append_left_beyond_the_stored_head_are_counted_on_activation()
    {
        var scope = NewScope();
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(scope);
        await log.AppendAsync([Entry(scope, "a")]);
        using (FaultyStorage.FailWrites("audit-log", scope))
        {
            // The segment takes "b", the head does not: then the activation is gone, as if the silo died.
            await Assert.ThrowsAnyAsync<Exception>(() => log.AppendAsync([Entry(scope, "b")]));
        }

        await fixture.ForgetActivationsAsync();
        Assert.Equal([$"{scope}:b", $"{scope}:a"], await StoredIdsAsync(scope));

        // A different entry next, and the retry of "b" after it: each stored once, in order, none hidden.
        await log.AppendAsync([Entry(scope, "c")]);
        await log.AppendAsync([Entry(scope, "b")]);
        Assert.Equal([$"{scope}:c", $"{scope}:b", $"{scope}:a"], await StoredIdsAsync(scope));
    }

    [Fact]
    public async Task After_a_failed_head_write_the_next_different_entry_is_not_hidden()
    {
        var scope = NewScope();
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(scope);
        using (FaultyStorage.FailWrites("audit-log", scope))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => log.AppendAsync([Entry(scope, "a")]));
        }

        await log.AppendAsync([Entry(scope, "b")]);
        await fixture.ForgetActivationsAsync();

        Assert.Equal([$"{scope}:b", $"{scope}:a"], await StoredIdsAsync(scope));
    }

    [Fact]
    public async Task A_head_left_behind_across_a_full_segment_is_repaired()
    {
        var scope = NewScope();
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(scope);
        var first = Enumerable.Range(0, AuditLogGrainSegmentSize - 1).Select(i => Entry(scope, $"e{i}")).ToList();
        await log.AppendAsync(first);
        using (FaultyStorage.FailWrites("audit-log", scope))
        {
            // Fills the first segment and starts the second; only the head write fails.
            await Assert.ThrowsAnyAsync<Exception>(() => log.AppendAsync([Entry(scope, "x"), Entry(scope, "y")]));
        }

        await fixture.ForgetActivationsAsync();
        var ids = await StoredIdsAsync(scope);

        Assert.Equal(AuditLogGrainSegmentSize + 1, ids.Count);
        Assert.Equal([$"{scope}:y", $"{scope}:x"], ids.Take(2));
    }

    private const int AuditLogGrainSegmentSize = FlagGrains.Grains.Audit.AuditLogGrain.SegmentSize;
}
