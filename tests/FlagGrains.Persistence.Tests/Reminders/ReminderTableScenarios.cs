using FlagGrains.Persistence.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlagGrains.Persistence.Tests.Reminders;

/// <summary>
/// The reminder-table contract, written once and run against every engine. The scenarios drive the real Orleans
/// AdoNetReminderTable inside a running silo (the <see cref="IReminderTable"/> its reminder service uses), so our SQL is
/// tested exactly as Orleans calls it: parameter types, ETags, signed ring ranges.
/// </summary>
internal static class ReminderTableScenarios
{
    private static readonly DateTime Start = new(2031, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc);

    public static async Task RowsRoundTripAndEveryUpsertChangesTheETag(IHost silo)
    {
        var table = Table(silo);
        var grain = NewGrain();

        var first = await table.UpsertRow(Entry(grain, "due", Start, TimeSpan.FromSeconds(1)));
        var read = await table.ReadRow(grain, "due");
        Assert.NotNull(read);
        Assert.Equal((grain, "due", Start, TimeSpan.FromSeconds(1), first), (read.GrainId, read.ReminderName, read.StartAt, read.Period, read.ETag));
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);

        // 40 days does not fit the provider's int of milliseconds; it sends a bigint instead.
        var second = await table.UpsertRow(Entry(grain, "due", Start.AddHours(1), TimeSpan.FromDays(40)));
        Assert.NotEqual(first, second);
        read = await table.ReadRow(grain, "due");
        Assert.Equal((Start.AddHours(1), TimeSpan.FromDays(40), second), (read!.StartAt, read.Period, read.ETag));

        Assert.Null(await table.ReadRow(grain, "other"));
        Assert.Null(await table.ReadRow(NewGrain(), "due"));
    }

    public static async Task RowsOfOneGrainAreReadTogetherAndOnlyThem(IHost silo)
    {
        var table = Table(silo);
        var grain = NewGrain();
        await table.UpsertRow(Entry(grain, "a", Start, TimeSpan.FromMinutes(1)));
        await table.UpsertRow(Entry(grain, "b", Start, TimeSpan.FromMinutes(2)));
        await table.UpsertRow(Entry(NewGrain(), "a", Start, TimeSpan.FromMinutes(1)));

        var rows = await table.ReadRows(grain);

        Assert.Equal(["a", "b"], rows.Reminders.Select(r => r.ReminderName).Order());
        Assert.All(rows.Reminders, r => Assert.Equal(grain, r.GrainId));
    }

    public static async Task RemovalNeedsTheCurrentETagAndARecreatedRowGetsANewOne(IHost silo)
    {
        var table = Table(silo);
        var grain = NewGrain();
        var stale = await table.UpsertRow(Entry(grain, "due", Start, TimeSpan.FromMinutes(1)));
        var current = await table.UpsertRow(Entry(grain, "due", Start, TimeSpan.FromMinutes(2)));

        Assert.False(await table.RemoveRow(grain, "due", stale!));
        Assert.NotNull(await table.ReadRow(grain, "due"));

        Assert.True(await table.RemoveRow(grain, "due", current!));
        Assert.Null(await table.ReadRow(grain, "due"));
        Assert.False(await table.RemoveRow(grain, "due", current!));

        // A silo that cached the deleted row compares ETags: the re-created row must not look like it.
        var recreated = await table.UpsertRow(Entry(grain, "due", Start, TimeSpan.FromMinutes(1)));
        Assert.NotEqual(current, recreated);
        Assert.NotEqual(stale, recreated);
    }

    /// <summary>
    /// Ring ranges are (begin, end] over unsigned hashes and wrap past the top; Orleans sends them as signed integers
    /// and picks one of two queries. Every kind of range is checked against rows whose hashes are spread over the ring.
    /// </summary>
    public static async Task RingRangesSelectExactlyTheGrainsInThem(IHost silo)
    {
        var table = Table(silo);
        await table.TestOnlyClearTable();
        var grains = Enumerable.Range(0, 64).Select(_ => NewGrain()).ToList();
        foreach (var grain in grains) await table.UpsertRow(Entry(grain, "due", Start, TimeSpan.FromMinutes(1)));
        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();

        (uint Begin, uint End)[] ranges =
        [
            (0, uint.MaxValue),                            // almost everything, no wrap
            (hashes[10], hashes[20]),                      // exact edges: begin excluded, end included
            (0x40000000, 0x7FFFFFFF),                      // the positive half of the signed space
            (0x70000000, 0x90000000),                      // crosses the signed sign change without wrapping
            (0xC0000000, 0x30000000),                      // wraps past the top of the ring
            (0x90000000, 0x10000000),                      // wraps, begin negative and end positive when signed
            (hashes[40], hashes[40]),                      // begin = end: the whole ring (a lone silo)
        ];
        foreach (var (begin, end) in ranges)
        {
            var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order().ToList();
            var actual = (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.ToString()).Order().ToList();
            Assert.True(expected.SequenceEqual(actual), $"Range ({begin:X8}, {end:X8}]: expected {expected.Count} rows, read {actual.Count}.");
        }
    }

    /// <summary>A reminder registered by a grain fires after the silo that registered it is gone: the table is the memory.</summary>
    public static async Task AReminderFiresOnASiloStartedAfterTheOneThatRegisteredIt(Func<Task<IHost>> startSilo)
    {
        var key = $"probe-{Guid.NewGuid():N}";
        var first = await startSilo();
        try
        {
            await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderProbeGrain>(key).RegisterAsync(TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(1));
        }
        finally
        {
            await first.StopAsync();
            first.Dispose();
        }

        Assert.False(ReminderProbeGrain.Ticks.ContainsKey(key));
        var second = await startSilo();
        try
        {
            // A new silo's reminder service reads the table first after a random delay of up to 30 s (Orleans spreads
            // those reads so a restarted cluster does not hit the table at once); the bound leaves room for that and a slow start.
            var deadline = DateTime.UtcNow.AddSeconds(75);
            while (!ReminderProbeGrain.Ticks.ContainsKey(key))
            {
                Assert.True(DateTime.UtcNow < deadline, "The reminder did not fire on the restarted silo within 75 s.");
                await Task.Delay(100);
            }

            await second.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderProbeGrain>(key).UnregisterAsync();
            Assert.Empty((await Table(second).ReadRows(GrainId.Create("reminderprobe", key))).Reminders);
        }
        finally
        {
            await second.StopAsync();
            second.Dispose();
        }
    }

    private static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static IReminderTable Table(IHost silo) => silo.Services.GetRequiredService<IReminderTable>();

    private static GrainId NewGrain() => GrainId.Create("reminder-contract", Guid.NewGuid().ToString("N"));

    private static ReminderEntry Entry(GrainId grain, string name, DateTime startAt, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = startAt, Period = period };
}
