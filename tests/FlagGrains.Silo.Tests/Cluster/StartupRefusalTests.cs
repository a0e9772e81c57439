using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing;
using FlagGrains.Testing.Components;
using FlagGrains.Testing.Postgres;
using Xunit.Abstractions;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Silo.Tests.Cluster;

/// <summary>
/// A silo that cannot work must say so in one line and exit, not print a stack-trace wall or start half-way.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class StartupRefusalTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "malformed connection string", "Hostx=nowhere;;", "connection string is invalid" },
        { "unreachable database", "Host=127.0.0.1;Port=1;Username=flaggrains;Password=x;Database=none;Timeout=2", "Could not connect" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_database_settings_refuse_to_start_with_one_clear_line(string name, string connectionString, string expected)
    {
        var (refusal, _) = await RefusedStart.AssertRefusedAsync(Settings(connectionString), expected, output.WriteLine);
        output.WriteLine($"{name}: {refusal}");
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task A_schema_older_than_the_build_refuses_to_start_and_names_the_migrate_step()
    {
        await using var schema = await PostgresSchema.CreateAsync();

        var (refusal, _) = await RefusedStart.AssertRefusedAsync(Settings(schema.ConnectionString), "needs version", output.WriteLine);

        Assert.Contains("FlagGrains.Silo migrate", refusal, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadSettings()
    {
        var garbage = Path.Combine(TestCertificates.Shared.Folder, "garbage.pem");
        File.WriteAllText(garbage, "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n");
        var httpPort = FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new TheoryData<string, string, string>
        {
            { "weak admin token", "FlagGrains__Bootstrap__AdminToken=only-20-characters!!", "AdminToken has 20 characters; use at least 32" },
            { "missing certificate", "FlagGrains__Cluster__Tls__CertificatePath=/nonexistent/silo.pem", "CertificatePath '/nonexistent/silo.pem' cannot be read" },
            { "unreadable certificate", $"FlagGrains__Cluster__Tls__CertificatePath={garbage}", "cannot read the certificate" },
            { "missing authority", "FlagGrains__Cluster__Tls__CaCertificatePath=/nonexistent/ca.pem", "CaCertificatePath '/nonexistent/ca.pem' cannot be read" },
            { "cluster mode without certificates", "FlagGrains__Cluster__Tls__CertificatePath=", "encrypts the Orleans ports with mutual TLS" },
            { "admin listener on the public port", $"Urls=http://127.0.0.1:{httpPort};FlagGrains__Http__AdminUrls=http://127.0.0.1:{httpPort}", $"uses port {httpPort}, which the public listener" },
        };
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Unusable_security_settings_refuse_to_start_with_one_line_saying_what_to_fix(string name, string settings, string expected)
    {
        var (_, text) = await RefusedStart.AssertRefusedAsync(
            Settings("Host=127.0.0.1;Port=1;Username=x;Password=x;Database=never-reached"),
            expected,
            line => output.WriteLine($"{name}: {line}"),
            environment =>
            {
                if (name == "cluster mode without certificates")
                {
                    foreach (var key in SiloSettings.SiloTls.Keys) environment.Remove(key);
                }

                foreach (var pair in settings.Split(';').Select(s => s.Split('=', 2)))
                {
                    if (pair[1].Length == 0) environment.Remove(pair[0]);
                    else environment[pair[0]] = pair[1];
                }
            });

        Assert.DoesNotContain("only-20-characters", text, StringComparison.Ordinal);
    }

    private static SiloSettings Settings(string connectionString) =>
        new(connectionString, PostgresMembership.Settings, $"refusal-{Guid.NewGuid():N}", "refusal-admin-token-0123456789-abcdef");
}
