using FlagGrains.Testing.Components;
using System.Diagnostics;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing.Cluster;
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

    [ComponentFact(Component.PostgreSql)]
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

    private static async Task<(int ExitCode, string Text)> RunSiloAsync(string connectionString)
    {
        var start = SiloBinary.StartInfo();
        var settings = new SiloSettings(connectionString, $"refusal-{Guid.NewGuid():N}", "refusal-admin-token-0123456789");
        foreach (var (key, value) in settings.ToEnvironment(SiloPorts.Free())) start.Environment[key] = value;

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
