using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FlagGrains.Silo.Tests.Apis.Streams.Support;

/// <summary>A silo with web clients allowed from one origin; streams and caching tests share it.</summary>
public sealed class DeliverySiloFixture : IAsyncLifetime
{
    public const string AllowedOrigin = "https://app.example.com";

    private readonly SiloFactory _base = new();

    public DeliverySiloFixture()
    {
        Factory = _base.WithWebHostBuilder(b => b.UseSetting("FlagGrains:Ofrep:AllowedOrigins:0", AllowedOrigin));
    }

    public WebApplicationFactory<Program> Factory { get; }

    public IServiceProvider Services => Factory.Services;

    public HttpClient CreateClient(string? bearer = null)
    {
        var client = Factory.CreateClient();
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        return client;
    }

    public HttpClient CreateAdminClient() => CreateClient(SiloFactory.AdminToken);

    public Task InitializeAsync()
    {
        Factory.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DeliverySiloCollection : ICollectionFixture<DeliverySiloFixture>
{
    public const string Name = "delivery silo";
}
