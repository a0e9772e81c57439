using System.Diagnostics;
using System.Text.Json.Nodes;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Releases;
using FlagGrains.Testing;

namespace FlagGrains.Grains.Tests.TestSupport;

/// <summary>Drives releases and scheduled changes on the fixture's cluster, moving the reminders' clock by hand.</summary>
public sealed class AutomationDriver(ClusterFixture fixture)
{
    public static readonly ChangeContext Alice = new("tok_alice", "Alice", "req-alice", "10.0.0.1");

    public const string Checkout = """
        {
          "flags": {
            "checkout": {
              "state": "ENABLED",
              "variants": { "on": true, "off": false },
              "defaultVariant": "off",
              "targeting": { "if": [ { "in": [ { "var": "targetingKey" }, [ "staff-1" ] ] }, "on" ] }
            },
            "banner": { "state": "ENABLED", "variants": { "red": "#d33", "blue": "#33d" }, "defaultVariant": "blue" }
          }
        }
        """;

    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(15);

    public ManualClock Clock => ClusterFixture.AutomationClock;

    public IGrainFactory Grains => fixture.Cluster.Client;

    public async Task<string> NewEnvironmentAsync(string document = Checkout)
    {
        var environment = FlagDocuments.NewEnvironmentKey();
        var written = await Environment(environment).PutFlagSetAsync(document, null, FlagDocuments.Change);
        Assert.Equal(FlagSetWriteStatus.Stored, written.Status);
        return environment;
    }

    public IEnvironmentGrain Environment(string environmentKey) => Grains.GetGrain<IEnvironmentGrain>(environmentKey);

    public IReleaseGrain Release(string id) => Grains.GetGrain<IReleaseGrain>(id);

    public static ReleaseDefinition Plan(string environment, params (int Percent, TimeSpan? Hold)[] steps) =>
        new(environment, "checkout", "on", "off", steps.Select(s => new ReleaseStep(s.Percent, s.Hold)).ToList(), null, null);

    public async Task<(IReleaseGrain Grain, ReleaseView View)> CreateAsync(ReleaseDefinition definition, ChangeContext? creator = null)
    {
        var grain = Release(GrainKeys.NewReleaseId());
        var result = await grain.CreateAsync(definition, creator ?? Alice);
        Assert.True(result.Status == AutomationCommandStatus.Done, $"{result.Status}: {result.Message} {string.Join("; ", result.Problems)}");
        return (grain, result.Release!);
    }

    /// <summary>Moves the clock to <paramref name="due"/> and delivers the grain's due reminder there, as the reminder service would.</summary>
    public async Task AdvanceToAsync(IGrainWithStringKey grain, DateTimeOffset due, string reminder = "release-due")
    {
        Clock.Advance(due - Clock.GetUtcNow());
        await FireAsync(grain, reminder);
    }

    /// <summary>One reminder tick delivered to the grain now (the same call the reminder service makes).</summary>
    public Task FireAsync(IGrainWithStringKey grain, string reminder)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        return Grains.GetGrain<IRemindable>(grain.GetGrainId()).ReceiveReminder(reminder, new TickStatus(now, TimeSpan.FromSeconds(1), now));
    }

    /// <summary>Polls the release until <paramref name="condition"/> holds (a bounded wait for an event, not a timing promise).</summary>
    public static async Task<ReleaseView> WaitForAsync(IReleaseGrain release, Func<ReleaseView, bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var view = await release.GetAsync();
            if (view is not null && condition(view)) return view;
            if (waited.Elapsed > EventTimeout) Assert.Fail($"Release never reached: {what}. Last seen: {view?.Status} step {view?.CurrentStep} ({view?.Reason}).");
            await Task.Delay(20);
        }
    }

    /// <summary>Every silo's gateway serves <paramref name="version"/> (or newer); returns how long that took from now.</summary>
    public async Task<TimeSpan> WaitUntilServedEverywhereAsync(string environmentKey, long version)
    {
        var waited = Stopwatch.StartNew();
        for (var silo = 0; silo < fixture.Cluster.Silos.Count; silo++)
        {
            while (!(fixture.Registry(silo).TryGet(environmentKey, out var snapshot) && snapshot.Version >= version))
            {
                if (waited.Elapsed > EventTimeout) Assert.Fail($"Silo {silo} never served version {version} of {environmentKey}.");
                await fixture.Resolver(silo).ResolveAsync(environmentKey);
                await Task.Delay(5);
            }
        }

        return waited.Elapsed;
    }

    public async Task<JsonObject> FlagAsync(string environmentKey, string flag = "checkout") =>
        JsonNode.Parse((await Environment(environmentKey).GetFlagAsync(flag))!.FlagJson)!.AsObject();

    /// <summary>The release's split in the flag: the percentage the variant gets, from the fallback slot.</summary>
    public static int SplitPercent(JsonObject flag)
    {
        var targeting = flag["targeting"]!;
        var split = targeting["fractional"] is not null ? targeting : targeting["if"]!.AsArray()[^1]!;
        return (int)split["fractional"]![0]![1]!;
    }
}
