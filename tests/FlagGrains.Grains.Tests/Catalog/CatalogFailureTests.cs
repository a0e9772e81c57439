using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Catalog;
using FlagGrains.Contracts.Environments;
using FlagGrains.Grains.Tests.TestSupport;

namespace FlagGrains.Grains.Tests.Catalog;

/// <summary>
/// Creating or deleting an environment writes the environment and the catalog. A failure at either step must leave
/// no existing environment missing from the catalog for good, and no entry for one whose creation failed.
/// </summary>
[Collection(FaultyStorageCollection.Name)]
public sealed class CatalogFailureTests(FaultyStorageFixture fixture)
{
    private static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(20);

    private ICatalogGrain Catalog => fixture.Grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog);

    private async Task<bool> ListedAsync(string key)
    {
        var (project, environment) = GrainKeys.ParseEnvironment(key);
        return (await Catalog.ListAsync()).Any(p => p.Name == project && p.Environments.Contains(environment));
    }

    /// <summary>Lists until the catalog says <paramref name="listed"/> (listing is what asks unconfirmed entries to settle).</summary>
    private async Task SettlesAsync(string key, bool listed)
    {
        var deadline = DateTimeOffset.UtcNow + SettleWithin;
        while (await ListedAsync(key) != listed)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{key} should {(listed ? "" : "not ")}be listed.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_failed_catalog_write_before_creation_creates_nothing()
    {
        var key = FlagDocuments.NewEnvironmentKey();
        using (FaultyStorage.FailWrites("catalog", "catalog"))
        {
            await Assert.ThrowsAnyAsync<Exception>(() =>
                fixture.Grains.GetGrain<IEnvironmentGrain>(key).PutFlagSetAsync(FlagDocuments.BooleanFlag("a", true), null, FlagDocuments.Change));
            Assert.False(await ListedAsync(key));
        }

        Assert.Null(await fixture.Grains.GetGrain<IEnvironmentGrain>(key).GetFlagSetAsync());
        Assert.False(await ListedAsync(key));
        Assert.Empty((await fixture.Grains.GetGrain<IAuditLogGrain>(key).ReadAsync(null, 10, null)).Entries);
    }

    [Fact]
    public async Task A_failed_environment_write_leaves_no_catalog_entry_once_settled()
    {
        var key = FlagDocuments.NewEnvironmentKey();
        using (FaultyStorage.FailWrites("environment", key))
        {
            await Assert.ThrowsAnyAsync<Exception>(() =>
                fixture.Grains.GetGrain<IEnvironmentGrain>(key).PutFlagSetAsync(FlagDocuments.BooleanFlag("a", true), null, FlagDocuments.Change));
        }

        await SettlesAsync(key, listed: false);
        Assert.Null(await fixture.Grains.GetGrain<IEnvironmentGrain>(key).GetFlagSetAsync());
        Assert.Empty((await fixture.Grains.GetGrain<IAuditLogGrain>(key).ReadAsync(null, 10, null)).Entries);
    }

    [Fact]
    public async Task A_failed_confirmation_after_creation_still_lists_the_environment_even_after_a_crash()
    {
        var key = FlagDocuments.NewEnvironmentKey();
        var environment = fixture.Grains.GetGrain<IEnvironmentGrain>(key);
        using (FaultyStorage.FailWrites("catalog", "catalog", skip: 1))
        {
            var stored = await environment.PutFlagSetAsync(FlagDocuments.BooleanFlag("a", true), null, FlagDocuments.Change);
            Assert.Equal(FlagSetWriteStatus.Stored, stored.Status);
            Assert.True(await ListedAsync(key));
            await fixture.ForgetActivationsAsync();
            Assert.True(await ListedAsync(key));
        }

        await SettlesAsync(key, listed: true);
        await fixture.ForgetActivationsAsync();
        Assert.True(await ListedAsync(key));
        Assert.Single((await fixture.Grains.GetGrain<IAuditLogGrain>(key).ReadAsync(null, 10, null)).Entries);
    }

    [Fact]
    public async Task A_failed_catalog_removal_after_deletion_is_retried_until_the_entry_is_gone()
    {
        var key = FlagDocuments.NewEnvironmentKey();
        var environment = fixture.Grains.GetGrain<IEnvironmentGrain>(key);
        await environment.PutFlagSetAsync(FlagDocuments.BooleanFlag("a", true), null, FlagDocuments.Change);
        Assert.True(await ListedAsync(key));

        using (FaultyStorage.FailWrites("catalog", "catalog"))
        {
            Assert.True(await environment.DeleteAsync(FlagDocuments.Change));
            Assert.True(await ListedAsync(key));
        }

        // No one lists in between: the environment's own retry removes the entry.
        var deadline = DateTimeOffset.UtcNow + SettleWithin;
        while ((await Catalog.ListAsync()).Any(p => p.Environments.Contains(GrainKeys.ParseEnvironment(key).Environment) && p.Name == GrainKeys.ParseEnvironment(key).Project))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the deleted environment should leave the catalog");
            await Task.Delay(500);
        }

        var actions = (await fixture.Grains.GetGrain<IAuditLogGrain>(key).ReadAsync(null, 10, null)).Entries.Select(e => e.Action).ToList();
        Assert.Equal(["environment.delete", "flagset.put"], actions);
    }

    [Fact]
    public async Task An_audit_log_outage_delays_the_entry_of_a_stored_change_but_never_loses_it()
    {
        var key = FlagDocuments.NewEnvironmentKey();
        var environment = fixture.Grains.GetGrain<IEnvironmentGrain>(key);
        var log = fixture.Grains.GetGrain<IAuditLogGrain>(key);
        using (FaultyStorage.FailWrites("audit-segment", key))
        {
            var stored = await environment.PutFlagSetAsync(FlagDocuments.BooleanFlag("a", true), null, FlagDocuments.Change);
            Assert.Equal(FlagSetWriteStatus.Stored, stored.Status);
            Assert.Empty((await log.ReadAsync(null, 10, null)).Entries);
        }

        var deadline = DateTimeOffset.UtcNow + SettleWithin;
        while ((await log.ReadAsync(null, 10, null)).Entries.Count == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the outbox entry should reach the audit log");
            await Task.Delay(200);
        }

        await fixture.ForgetActivationsAsync();
        await environment.GetVersionAsync();
        Assert.Equal([$"{key}:1"], (await log.ReadAsync(null, 10, null)).Entries.Select(e => e.EntryId));
    }
}
