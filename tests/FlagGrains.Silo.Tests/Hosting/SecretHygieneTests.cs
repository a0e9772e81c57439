using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Silo.Tests.Hosting;

/// <summary>A stolen database file or log archive must not hand out credentials or users' attributes.</summary>
public sealed class SecretHygieneTests
{
    private const string UserEmail = "hygiene-canary-7c1f@example.org";
    private const string UserAttribute = "canary-attribute-value-5e2b";

    [Fact]
    public async Task Database_and_logs_hold_no_plaintext_secret_and_no_context_values()
    {
        var logs = new CapturingLoggerProvider();
        string databasePath;
        var secrets = new List<string> { SiloFactory.AdminToken };
        await using (var factory = new SiloFactory(logs: logs))
        {
            databasePath = factory.DatabasePath;
            using var admin = factory.CreateAdminClient();
            var project = Environments.NewProject();
            var client = await admin.CreateWithKeyAsync(project, "prod", Documents.Mixed);
            var server = await admin.CreateKeyAsync(project, "prod", "server");
            var token = await admin.PostAsJsonAsync("/admin/v1/tokens", new { name = "hygiene", role = "editor" });
            using (var created = JsonDocument.Parse(await token.Content.ReadAsStringAsync()))
            {
                secrets.Add(created.RootElement.GetProperty("token").GetString()!);
            }

            secrets.Add(client);
            secrets.Add(server);
            using var device = factory.CreateKeyClient(client);
            Assert.Equal(HttpStatusCode.OK, (await device.EvaluateAllAsync(new { targetingKey = "u-1", email = UserEmail, plan = UserAttribute })).StatusCode);
            await device.EvaluateAsync("nope", new { targetingKey = "u-1", email = UserEmail });
            await device.PostAsync("/ofrep/v1/evaluate/flags", new StringContent("{\"context\":{\"email\":\"" + UserEmail + "\",}}", Encoding.UTF8, "application/json"));
            using var wrong = factory.CreateKeyClient(client + "x");
            await wrong.EvaluateAllAsync(new { email = UserEmail });
        }

        var database = string.Concat(Directory.GetFiles(Path.GetDirectoryName(databasePath)!, Path.GetFileName(databasePath) + "*")
            .Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        var logText = logs.Text;
        Assert.NotEmpty(logText);
        foreach (var secret in secrets)
        {
            var secretPart = secret.Split('.')[^1];
            Assert.DoesNotContain(secretPart, database, StringComparison.Ordinal);
            Assert.DoesNotContain(secretPart, logText, StringComparison.Ordinal);
        }

        foreach (var value in new[] { UserEmail, UserAttribute })
        {
            Assert.DoesNotContain(value, database, StringComparison.Ordinal);
            Assert.DoesNotContain(value, logText, StringComparison.Ordinal);
        }
    }

    /// <summary>Keeps every log line (message and exception) at every level, as a log archive would.</summary>
    public sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text => string.Join('\n', _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
