namespace FlagGrains.AdminConsole.Tests.TestSupport;

/// <summary>One console silo per test collection: starting Orleans is the slow part.</summary>
public sealed class ConsoleSiloFixture : IAsyncLifetime
{
    public ConsoleSilo Silo { get; } = new();

    public Task InitializeAsync() => Task.Run(Silo.StartServer);

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

// Alone: the browser tests and a Blazor server compete for the 2 cores with anything running beside them.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleSiloCollection : ICollectionFixture<ConsoleSiloFixture>
{
    public const string Name = "console silo";
}
