using System.Xml.Linq;
using FlagGrains.Persistence.Tests.Infrastructure;
using FlagGrains.Testing.Components;
using FlagGrains.Testing.Postgres;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace FlagGrains.Persistence.Tests.Tables;

/// <summary>Our own tables (not Orleans'): the shared data-protection key ring and break-glass recovery requests.</summary>
public sealed class OwnTablesTests
{
    [Fact]
    public async Task Sqlite_key_ring_and_recovery_requests_round_trip()
    {
        using var database = new TempSqliteDatabase();
        await new SchemaMigrator().MigrateAsync(DatabaseKind.Sqlite, database.ConnectionString);
        await RoundTripAsync(DatabaseKind.Sqlite, database.ConnectionString);
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Postgres_key_ring_and_recovery_requests_round_trip()
    {
        await using var schema = await PostgresSchema.CreateAsync();
        await new SchemaMigrator().MigrateAsync(DatabaseKind.PostgreSql, schema.ConnectionString);
        await RoundTripAsync(DatabaseKind.PostgreSql, schema.ConnectionString);
    }

    private static async Task RoundTripAsync(DatabaseKind kind, string connectionString)
    {
        // Two hosts sharing the table: what one protects, the other reads; a repeated key is stored once.
        var first = new DataProtectionKeyRing(kind, connectionString);
        first.StoreElement(new XElement("key", new XAttribute("id", "1")), "key-1");
        first.StoreElement(new XElement("key", new XAttribute("id", "1")), "key-1");
        Assert.Equal(["1"], new DataProtectionKeyRing(kind, connectionString).GetAllElements().Select(e => e.Attribute("id")!.Value));

        var protectedByOne = Protector(kind, connectionString).Protect("console session");
        Assert.Equal("console session", Protector(kind, connectionString).Unprotect(protectedByOne));

        var requests = new AdminRecoveryRequests(kind, connectionString);
        await requests.RequestAsync(new AdminRecoveryRequest("r1", new string('a', 64), "ops@host"));
        Assert.Equal([new AdminRecoveryRequest("r1", new string('a', 64), "ops@host")], await requests.PendingAsync());
        await requests.MarkAppliedAsync("r1");
        await requests.MarkAppliedAsync("r1");
        Assert.Empty(await requests.PendingAsync());
    }

    /// <summary>A separate data-protection stack over the same table, as another silo process has.</summary>
    private static IDataProtector Protector(DatabaseKind kind, string connectionString)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("flaggrains")
            .AddKeyManagementOptions(o => o.XmlRepository = new DataProtectionKeyRing(kind, connectionString));
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
    }
}
