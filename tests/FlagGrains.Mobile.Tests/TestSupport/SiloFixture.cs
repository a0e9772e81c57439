namespace FlagGrains.Mobile.Tests.TestSupport;

/// <summary>One silo shared by a collection; every test makes its own environment.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public KestrelSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await KestrelSilo.StartAsync();

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "mobile silo";
}
