using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Telemetry;

/// <summary>
/// A silo whose scrape is read while no other silo runs in the test process: OpenTelemetry merges same-named meters of
/// every host in a process (ASP.NET Core's, ours), and another host shutting down ends the merged stream.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "telemetry silo, alone in the process";
}
