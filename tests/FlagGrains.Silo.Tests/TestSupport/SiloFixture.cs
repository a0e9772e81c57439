namespace FlagGrains.Silo.Tests.TestSupport;

/// <summary>One silo shared by a test collection; tests use their own project names so they never interfere.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public SiloFactory Factory { get; } = new();

    public Task InitializeAsync()
    {
        Factory.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "single silo";
}
