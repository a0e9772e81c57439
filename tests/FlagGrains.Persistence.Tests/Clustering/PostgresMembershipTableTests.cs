using FlagGrains.Testing.Components;
using System.Net;
using FlagGrains.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

using FlagGrains.Testing.Postgres;

namespace FlagGrains.Persistence.Tests.Clustering;

/// <summary>
/// Drives Orleans' own AdoNetClusteringTable and AdoNetGatewayListProvider against our SQL, so
/// the membership protocol (conditional writes on the table version) is checked exactly as
/// silos and clients use it, including the cases a happy-path cluster start never hits.
/// </summary>
public sealed class PostgresMembershipTableTests : IAsyncLifetime
{
    private static readonly DateTime Now = DateTime.UtcNow;
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private PostgresSchema? _schema;

    private PostgresSchema Schema => _schema ?? throw new InvalidOperationException("Schema not created.");

    public async Task InitializeAsync()
    {
        if (TestComponents.ShouldRun(Component.PostgreSql))
        {
            _schema = await PostgresSchema.CreateAsync();
            await new SchemaMigrator().MigrateAsync(DatabaseKind.PostgreSql, _schema.ConnectionString);
        }
    }

    public async Task DisposeAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Every_silo_may_initialise_and_an_empty_cluster_reads_as_version_zero()
    {
        var first = await OpenTableAsync();
        await OpenTableAsync();

        var data = await first.ReadAllAsync();

        Assert.Empty(data.Members);
        Assert.Equal(new TableVersion(0, "0"), data.Version);
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Insert_succeeds_only_with_the_current_version_and_only_once()
    {
        var table = await OpenTableAsync();
        var initial = (await table.ReadAllAsync()).Version;
        var entry = Entry(port: 1001, SiloStatus.Joining);

        Assert.True(await table.InsertRowAsync(entry, initial.Next()));
        var afterInsert = await table.ReadAllAsync();

        Assert.False(await table.InsertRowAsync(Entry(port: 1002, SiloStatus.Joining), initial.Next()));
        Assert.False(await table.InsertRowAsync(entry, afterInsert.Version.Next()));

        var final = await table.ReadAllAsync();
        Assert.Equal(entry.SiloAddress, Assert.Single(final.Members).Item1.SiloAddress);
        Assert.Equal(1, final.Version.Version);
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Racing_inserts_on_the_same_version_let_exactly_one_win()
    {
        var table = await OpenTableAsync();
        var initial = (await table.ReadAllAsync()).Version;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => table.InsertRowAsync(Entry(port: 2000 + i, SiloStatus.Joining), initial.Next()))));

        Assert.Equal(1, outcomes.Count(won => won));
        var data = await table.ReadAllAsync();
        Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Update_succeeds_only_with_the_current_version_and_round_trips_every_field()
    {
        var table = await OpenTableAsync();
        var entry = Entry(port: 1001, SiloStatus.Joining);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        var beforeUpdate = await table.ReadRowAsync(entry.SiloAddress);
        var rowETag = Assert.Single(beforeUpdate.Members).Item2;

        var suspecter = SiloAddress.New(IPAddress.Loopback, 1999, 7);
        entry.Status = SiloStatus.Active;
        entry.SuspectTimes = [Tuple.Create(suspecter, Now.AddSeconds(-5))];
        entry.IAmAliveTime = Now.AddSeconds(1);
        Assert.True(await table.UpdateRowAsync(entry, rowETag, beforeUpdate.Version.Next()));

        entry.Status = SiloStatus.Dead;
        Assert.False(await table.UpdateRowAsync(entry, rowETag, beforeUpdate.Version.Next()));

        var data = await table.ReadRowAsync(entry.SiloAddress);
        var stored = Assert.Single(data.Members).Item1;
        Assert.Equal(2, data.Version.Version);
        Assert.Equal(SiloStatus.Active, stored.Status);
        Assert.Equal(entry.SiloAddress, stored.SiloAddress);
        Assert.Equal((entry.SiloName, entry.HostName, entry.ProxyPort), (stored.SiloName, stored.HostName, stored.ProxyPort));
        AssertClose(entry.StartTime, stored.StartTime);
        AssertClose(entry.IAmAliveTime, stored.IAmAliveTime);
        var suspicion = Assert.Single(stored.SuspectTimes!);
        Assert.Equal(suspecter, suspicion.Item1);
        AssertClose(Now.AddSeconds(-5), suspicion.Item2);
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Heartbeat_moves_IAmAliveTime_without_bumping_the_version()
    {
        var table = await OpenTableAsync();
        var entry = Entry(port: 1001, SiloStatus.Active);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));

        entry.IAmAliveTime = Now.AddMinutes(3);
        await table.UpdateIAmAliveAsync(entry);

        var data = await table.ReadRowAsync(entry.SiloAddress);
        AssertClose(Now.AddMinutes(3), Assert.Single(data.Members).Item1.IAmAliveTime);
        Assert.Equal(1, data.Version.Version);
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task ReadRow_returns_only_that_silo_but_always_the_table_version()
    {
        var table = await OpenTableAsync();
        var wanted = Entry(port: 1001, SiloStatus.Active);
        Assert.True(await table.InsertRowAsync(wanted, (await table.ReadAllAsync()).Version.Next()));
        Assert.True(await table.InsertRowAsync(Entry(port: 1002, SiloStatus.Active), (await table.ReadAllAsync()).Version.Next()));

        var found = await table.ReadRowAsync(wanted.SiloAddress);
        var missing = await table.ReadRowAsync(SiloAddress.New(IPAddress.Loopback, 9999, 1));

        Assert.Equal(wanted.SiloAddress, Assert.Single(found.Members).Item1.SiloAddress);
        Assert.Empty(missing.Members);
        Assert.Equal(2, missing.Version.Version);
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Gateways_are_the_active_silos_that_have_a_proxy_port()
    {
        var table = await OpenTableAsync();
        var gateway = Entry(port: 1001, SiloStatus.Active, proxyPort: 30001);
        foreach (var entry in new[]
                 {
                     gateway,
                     Entry(port: 1002, SiloStatus.Active, proxyPort: 0),
                     Entry(port: 1003, SiloStatus.Joining, proxyPort: 30003),
                     Entry(port: 1004, SiloStatus.Dead, proxyPort: 30004),
                 })
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        }

        var provider = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = AdoNetInvariants.PostgreSql, ConnectionString = Schema.ConnectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = _clusterId, ServiceId = _clusterId }));
        await provider.InitializeGatewayListProviderAsync();

        var gateways = await provider.GetGatewaysAsync();

        Assert.Equal([SiloAddress.New(IPAddress.Loopback, 30001, gateway.SiloAddress.Generation).ToGatewayUri()], gateways);
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Cleanup_removes_only_dead_silos_with_no_activity_after_the_cutoff()
    {
        var table = await OpenTableAsync();
        var longDead = Entry(port: 1001, SiloStatus.Dead, aliveAt: Now.AddHours(-2));
        var justDied = Entry(port: 1002, SiloStatus.Dead, aliveAt: Now);
        var quietButActive = Entry(port: 1003, SiloStatus.Active, aliveAt: Now.AddHours(-2));
        var quietJoining = Entry(port: 1004, SiloStatus.Joining, aliveAt: Now.AddHours(-2));
        var recentlySuspected = Entry(port: 1005, SiloStatus.Dead, aliveAt: Now.AddHours(-2));
        await InsertAllAsync(table, longDead, justDied, quietButActive, quietJoining, recentlySuspected);
        await SuspectAsync(table, recentlySuspected, Now);

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1));

        Assert.Equal(
            [justDied.SiloAddress, quietButActive.SiloAddress, quietJoining.SiloAddress, recentlySuspected.SiloAddress],
            await MemberAddressesAsync(table));
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Per_row_cleanup_spares_a_row_that_changed_after_it_was_read()
    {
        var table = await OpenTableAsync();
        var dead = Entry(port: 1001, SiloStatus.Dead, aliveAt: Now.AddHours(-2));
        await InsertAllAsync(table, dead);
        var captured = Assert.Single((await table.ReadAllAsync()).Members).Item1;

        // A heartbeat lands between the provider's read and its delete.
        var changed = Entry(port: 1001, SiloStatus.Dead, aliveAt: Now);
        await table.UpdateIAmAliveAsync(changed);

        var deleted = await ExecuteCleanupEntryAsync(captured);

        Assert.Equal(0, deleted);
        Assert.Single((await table.ReadAllAsync()).Members);
        Assert.Equal(1, await ExecuteCleanupEntryAsync(Assert.Single((await table.ReadAllAsync()).Members).Item1));
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task A_database_still_at_version_2_uses_the_original_cleanup_query()
    {
        await using var schema = await PostgresSchema.CreateAsync();
        await new SchemaMigrator().MigrateAsync(DatabaseKind.PostgreSql, schema.ConnectionString, targetVersion: 2, CancellationToken.None);
        var table = await OpenTableAsync(connectionString: schema.ConnectionString);
        var longDead = Entry(port: 1001, SiloStatus.Dead, aliveAt: Now.AddHours(-2));
        var active = Entry(port: 1002, SiloStatus.Active, aliveAt: Now.AddHours(-2));
        await InsertAllAsync(table, longDead, active);

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1));

        Assert.Equal([active.SiloAddress], await MemberAddressesAsync(table));
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Deleting_a_cluster_leaves_other_clusters_alone()
    {
        var table = await OpenTableAsync();
        var neighbourId = $"{_clusterId}-neighbour";
        var neighbour = await OpenTableAsync(neighbourId);
        Assert.True(await table.InsertRowAsync(Entry(port: 1001, SiloStatus.Active), (await table.ReadAllAsync()).Version.Next()));
        Assert.True(await neighbour.InsertRowAsync(Entry(port: 1001, SiloStatus.Active), (await neighbour.ReadAllAsync()).Version.Next()));

        await table.DeleteMembershipTableEntriesAsync(_clusterId);

        Assert.Equal(0L, await Schema.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansMembershipVersionTable v FULL JOIN OrleansMembershipTable m USING (DeploymentId) WHERE DeploymentId = @id",
            ("id", _clusterId)));
        Assert.Single((await neighbour.ReadAllAsync()).Members);
    }

    private async Task<AdoNetClusteringTable> OpenTableAsync(string? clusterId = null, string? connectionString = null)
    {
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId ?? _clusterId, ServiceId = _clusterId }),
            Options.Create(new AdoNetClusteringSiloOptions
            {
                Invariant = AdoNetInvariants.PostgreSql,
                ConnectionString = connectionString ?? Schema.ConnectionString,
            }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return table;
    }

    private static async Task InsertAllAsync(AdoNetClusteringTable table, params MembershipEntry[] entries)
    {
        foreach (var entry in entries)
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        }
    }

    private static async Task SuspectAsync(AdoNetClusteringTable table, MembershipEntry entry, DateTime at)
    {
        var current = await table.ReadRowAsync(entry.SiloAddress);
        var (stored, etag) = Assert.Single(current.Members);
        stored.SuspectTimes = [Tuple.Create(SiloAddress.New(IPAddress.Loopback, 1999, 7), at)];
        Assert.True(await table.UpdateRowAsync(stored, etag, current.Version.Next()));
    }

    private static async Task<List<SiloAddress>> MemberAddressesAsync(AdoNetClusteringTable table) =>
        (await table.ReadAllAsync()).Members.Select(member => member.Item1.SiloAddress).OrderBy(address => address.Endpoint.Port).ToList();

    /// <summary>Runs CleanupDefunctSiloEntryKey the way the provider does: with the values it read.</summary>
    private async Task<int> ExecuteCleanupEntryAsync(MembershipEntry captured)
    {
        var query = await Schema.ScalarAsync<string>("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'CleanupDefunctSiloEntryKey'");
        await using var connection = new Npgsql.NpgsqlConnection(Schema.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(query, connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter("DeploymentId", _clusterId));
        command.Parameters.Add(new Npgsql.NpgsqlParameter("Address", System.Data.DbType.AnsiString) { Value = captured.SiloAddress.Endpoint.Address.ToString() });
        command.Parameters.Add(new Npgsql.NpgsqlParameter("Port", captured.SiloAddress.Endpoint.Port));
        command.Parameters.Add(new Npgsql.NpgsqlParameter("Generation", captured.SiloAddress.Generation));
        command.Parameters.Add(new Npgsql.NpgsqlParameter("SuspectTimes", System.Data.DbType.String) { Value = DBNull.Value });
        command.Parameters.Add(new Npgsql.NpgsqlParameter("StartTime", System.Data.DbType.DateTime) { Value = captured.StartTime });
        command.Parameters.Add(new Npgsql.NpgsqlParameter("IAmAliveTime", System.Data.DbType.DateTime) { Value = captured.IAmAliveTime });
        return await command.ExecuteNonQueryAsync();
    }

    private static MembershipEntry Entry(int port, SiloStatus status, int proxyPort = 30000, DateTime? aliveAt = null) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, generation: 42),
        SiloName = $"silo-{port}",
        HostName = "test-host",
        Status = status,
        ProxyPort = proxyPort,
        StartTime = (aliveAt ?? Now).AddMinutes(-1),
        IAmAliveTime = aliveAt ?? Now,
    };

    // PostgreSQL keeps microseconds and Orleans formats suspect times to milliseconds; ticks are finer.
    private static void AssertClose(DateTime expected, DateTime actual) =>
        Assert.InRange((actual.ToUniversalTime() - expected.ToUniversalTime()).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
}
