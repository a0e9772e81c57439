using Azure.Data.Tables;
using Azure.Data.Tables.Sas;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing.Components;
using Xunit.Abstractions;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Silo.Tests.Cluster;

/// <summary>
/// Settings the Azure membership table cannot be used with: one line naming the cause, exit code 2, never a hang.
/// Grain state is a throw-away SQLite file, so the schema gate passes and the membership gate is what refuses.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class AzureStartupRefusalTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flaggrains-azure-refusal-").FullName;

    [Fact]
    public Task A_malformed_connection_string_refuses_to_start_without_repeating_it() =>
        AssertRefusedAsync("AccountName=devstoreaccount1;secret-looking-fragment", "is not a usable Azure Storage connection string", mustNotContain: "secret-looking-fragment");

    [Fact]
    public Task An_unreachable_table_endpoint_refuses_to_start_once_the_startup_check_times_out() =>
        AssertRefusedAsync(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;",
            "is unreachable",
            environment => environment["FlagGrains__Cluster__AzureStorage__StartupCheckTimeout"] = "00:00:03");

    [ComponentFact(Component.Azurite)]
    public Task A_wrong_account_key_refuses_to_start_naming_the_credentials() =>
        AssertRefusedAsync(AzuriteEndpoint.ConnectionString().Replace("AccountKey=Eby8", "AccountKey=Xby8", StringComparison.Ordinal), "rejected the credentials");

    [ComponentFact(Component.Azurite)]
    public Task Credentials_that_may_only_read_tables_refuse_to_start_naming_the_missing_permission()
    {
        var readOnly = new TableServiceClient(AzuriteEndpoint.ConnectionString())
            .GenerateSasUri(TableAccountSasPermissions.Read | TableAccountSasPermissions.List, TableAccountSasResourceTypes.All, DateTimeOffset.UtcNow.AddHours(1));
        var connectionString = $"TableEndpoint={readOnly.GetLeftPart(UriPartial.Path)};SharedAccessSignature={readOnly.Query.TrimStart('?')}";

        return AssertRefusedAsync(connectionString, "may not create the table");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task AssertRefusedAsync(string connectionString, string expected, Action<Dictionary<string, string>>? adjust = null, string? mustNotContain = null)
    {
        var settings = new SiloSettings("unused", new AzureTableMembership().SiloEnvironment, $"refusal-{Guid.NewGuid():N}", "refusal-admin-token-0123456789-abcdef");
        var (_, text) = await RefusedStart.AssertRefusedAsync(settings, expected, output.WriteLine, environment =>
        {
            environment.Remove("FlagGrains__Storage__ConnectionString");
            environment["FlagGrains__Storage__Provider"] = "Sqlite";
            environment["FlagGrains__Storage__SqlitePath"] = Path.Combine(_folder, "flaggrains.db");
            environment["FlagGrains__Cluster__AzureStorage__ConnectionString"] = connectionString;
            adjust?.Invoke(environment);
        });
        if (mustNotContain is not null) Assert.DoesNotContain(mustNotContain, text, StringComparison.Ordinal);
    }
}
