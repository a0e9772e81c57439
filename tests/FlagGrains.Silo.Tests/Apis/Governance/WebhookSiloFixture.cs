using FlagGrains.Silo.Tests.Hosting;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Governance;

/// <summary>
/// A silo whose webhooks may reach the tests' loopback receivers (allow-listed, as an operator would) and whose retries
/// are fast enough to watch; its logs are kept, to prove no signing secret is ever written to them.
/// </summary>
public sealed class WebhookSiloFixture : IAsyncLifetime
{
    public static readonly Dictionary<string, string> Settings = new()
    {
        ["FlagGrains:Webhooks:AllowedHosts:0"] = "127.0.0.1",
        ["FlagGrains:Webhooks:FirstRetryDelay"] = "00:00:00.200",
        ["FlagGrains:Webhooks:MaxRetryDelay"] = "00:00:01",
    };

    public SecretHygieneTests.CapturingLoggerProvider Logs { get; } = new();

    public SiloFactory Factory { get; }

    public WebhookSiloFixture() => Factory = new SiloFactory(logs: Logs, settings: Settings);

    public Task InitializeAsync()
    {
        Factory.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class WebhookSiloCollection : ICollectionFixture<WebhookSiloFixture>
{
    public const string Name = "webhook silo";
}
