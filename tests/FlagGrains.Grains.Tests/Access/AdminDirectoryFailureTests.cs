using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Audit;
using FlagGrains.Grains.Tests.TestSupport;

namespace FlagGrains.Grains.Tests.Access;

/// <summary>
/// Token changes are stored with their audit entry in one write (an outbox): a change never happens without its
/// audit line, a failed change leaves none, and the last admin-role token cannot be revoked or demoted.
/// </summary>
[Collection(FaultyStorageCollection.Name)]
public sealed class AdminDirectoryFailureTests(FaultyStorageFixture fixture)
{
    private static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(20);

    private IAdminDirectoryGrain Directory => fixture.Grains.GetGrain<IAdminDirectoryGrain>(GrainKeys.AdminDirectory);

    private IAuditLogGrain AdminLog => fixture.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AdminAuditScope);

    private async Task<List<AuditEntry>> AuditOfAsync(string tokenId) =>
        (await AdminLog.ReadAsync(null, 500, $"tokens/{tokenId}")).Entries.ToList();

    private async Task<List<AuditEntry>> SettledAuditOfAsync(string tokenId, int expected)
    {
        var deadline = DateTimeOffset.UtcNow + SettleWithin;
        while (true)
        {
            var entries = await AuditOfAsync(tokenId);
            if (entries.Count >= expected) return entries;
            Assert.True(DateTimeOffset.UtcNow < deadline, $"expected {expected} audit entries for {tokenId}, found {entries.Count}");
            await Task.Delay(200);
        }
    }

    /// <summary>Every token the admin audit mentions exists: no entry for a change that did not happen.</summary>
    private async Task AuditMentionsOnlyExistingTokensAsync()
    {
        var known = (await Directory.ListAsync()).Select(t => $"tokens/{t.TokenId}").ToHashSet();
        var mentioned = (await AdminLog.ReadAsync(null, 500, null)).Entries.SelectMany(e => e.Changes).Select(c => c.Item);
        Assert.All(mentioned, item => Assert.Contains(item, known));
    }

    [Fact]
    public async Task A_failed_directory_write_creates_no_token_and_no_audit_entry()
    {
        var before = (await Directory.ListAsync()).Count;
        using (FaultyStorage.FailWrites("admin-directory", "admindirectory"))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Directory.CreateAsync("doomed", AdminRole.Editor, FlagDocuments.Change));
        }

        Assert.Equal(before, (await Directory.ListAsync()).Count);
        await fixture.ForgetActivationsAsync();
        Assert.Equal(before, (await Directory.ListAsync()).Count);
        await AuditMentionsOnlyExistingTokensAsync();
    }

    [Fact]
    public async Task An_audit_log_outage_during_a_token_change_delays_its_entry_but_never_loses_it()
    {
        CreatedAdminToken created;
        using (FaultyStorage.FailWrites("audit-segment", GrainKeys.AdminAuditScope))
        {
            created = await Directory.CreateAsync("ci", AdminRole.Editor, FlagDocuments.Change);
            Assert.Equal(AdminTokenChange.Done, await Directory.RevokeAsync(created.Info.TokenId, FlagDocuments.Change));
            Assert.Empty(await AuditOfAsync(created.Info.TokenId));

            // Even if the directory's activation is lost meanwhile, its stored outbox still holds both entries.
            await fixture.ForgetActivationsAsync();
        }

        await Directory.ListAsync();
        var entries = await SettledAuditOfAsync(created.Info.TokenId, 2);
        Assert.Equal(["token.revoke", "token.create"], entries.Select(e => e.Action));
        await fixture.ForgetActivationsAsync();
        Assert.Equal(2, (await AuditOfAsync(created.Info.TokenId)).Count);
        await AuditMentionsOnlyExistingTokensAsync();
    }

    [Fact]
    public async Task The_last_active_admin_token_can_be_neither_revoked_nor_demoted()
    {
        await Directory.BootstrapAsync(new string('a', 64), "bootstrap");
        foreach (var token in (await Directory.ListAsync()).Where(t => t.RevokedAt is null && t.Role == AdminRole.Admin).Skip(1))
        {
            await Directory.RevokeAsync(token.TokenId, FlagDocuments.Change);
        }

        var last = Assert.Single(await Directory.ListAsync(), t => t.RevokedAt is null && t.Role == AdminRole.Admin);

        Assert.Equal(AdminTokenChange.LastAdmin, await Directory.RevokeAsync(last.TokenId, FlagDocuments.Change));
        Assert.Equal(AdminTokenChange.LastAdmin, await Directory.ChangeRoleAsync(last.TokenId, AdminRole.Editor, FlagDocuments.Change));
        Assert.Null((await Directory.ListAsync()).Single(t => t.TokenId == last.TokenId).RevokedAt);
        Assert.DoesNotContain((await AdminLog.ReadAsync(null, 500, $"tokens/{last.TokenId}")).Entries, e => e.Action is "token.revoke" or "token.role");

        // With a second admin, the first may go.
        var second = await Directory.CreateAsync("second admin", AdminRole.Admin, FlagDocuments.Change);
        Assert.Equal(AdminTokenChange.Done, await Directory.ChangeRoleAsync(last.TokenId, AdminRole.Viewer, FlagDocuments.Change));
        Assert.Equal(AdminTokenChange.LastAdmin, await Directory.RevokeAsync(second.Info.TokenId, FlagDocuments.Change));
        Assert.Equal(["token.role"], (await AuditOfAsync(last.TokenId)).Where(e => e.Action != "token.create").Select(e => e.Action));
    }

    [Fact]
    public async Task A_recovery_request_adds_one_audited_admin_token_however_often_it_is_applied()
    {
        var recoveryId = Guid.NewGuid().ToString("N");
        var hash = new string('b', 32) + recoveryId;
        var change = new ChangeContext("break-glass", "admin reset-token by ops@host", recoveryId, null);

        await Directory.RecoverAsync(recoveryId, hash, change);
        await Directory.RecoverAsync(recoveryId, hash, change);

        var found = await Directory.FindByHashAsync(hash);
        Assert.NotNull(found);
        Assert.Equal(AdminRole.Admin, found.Role);
        var entry = Assert.Single(await SettledAuditOfAsync(found.TokenId, 1));
        Assert.Equal(("token.recover", "break-glass"), (entry.Action, entry.Actor.ActorId));
    }
}
