using System.Diagnostics;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing;
using FlagGrains.Testing.Postgres;
using Xunit.Abstractions;

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
        var (exitCode, text) = await RunSiloAsync(connectionString);
        output.WriteLine($"{name}: exit {exitCode}\n{text}");

        Assert.Equal(2, exitCode);
        var refusal = Assert.Single(text.Split('\n'), line => line.Contains("FlagGrains cannot start", StringComparison.Ordinal));
        Assert.Contains(expected, refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_schema_older_than_the_build_refuses_to_start_and_names_the_migrate_step()
    {
        await using var schema = await PostgresSchema.CreateAsync();

        var (exitCode, text) = await RunSiloAsync(schema.ConnectionString);
        output.WriteLine(text);

        Assert.Equal(2, exitCode);
        Assert.Contains("needs version", text, StringComparison.Ordinal);
        Assert.Contains("FlagGrains.Silo migrate", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
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
        var extra = settings.Split(';').Select(s => s.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1].Length == 0 ? null : kv[1]);
        if (name == "cluster mode without certificates")
        {
            foreach (var key in SiloSettings.SiloTls.Keys) extra[key] = null;
        }

        var (exitCode, text) = await RunSiloAsync("Host=127.0.0.1;Port=1;Username=x;Password=x;Database=never-reached", extra);
        output.WriteLine($"{name}: exit {exitCode}\n{text}");

        Assert.Equal(2, exitCode);
        var refusal = Assert.Single(text.Split('\n'), line => line.Contains("FlagGrains cannot start", StringComparison.Ordinal));
        Assert.Contains(expected, refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("only-20-characters", text, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Text)> RunSiloAsync(string connectionString, Dictionary<string, string?>? extra = null)
    {
        var start = new ProcessStartInfo(SiloBinary.DotnetHost)
        {
            WorkingDirectory = SiloBinary.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(SiloBinary.DllPath);
        var settings = new SiloSettings(connectionString, $"refusal-{Guid.NewGuid():N}", "refusal-admin-token-0123456789-abcdef")
        {
            Extra = extra ?? [],
        };
        foreach (var (key, value) in settings.ToEnvironment(FreeTcpPort.Next(), FreeTcpPort.Next(), FreeTcpPort.Next()))
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The silo neither started nor refused within 60 s.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
