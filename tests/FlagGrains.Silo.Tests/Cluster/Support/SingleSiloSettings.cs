using FlagGrains.Testing.Cluster;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>A silo process in the default single-silo shape (localhost clustering, SQLite file), plus test settings.</summary>
public static class SingleSiloSettings
{
    public const string AdminToken = "single-silo-tests-admin-token-0123456789";

    public static SiloSettings For(string sqlitePath, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["FlagGrains__Cluster__Mode"] = "Localhost",
            ["FlagGrains__Storage__Provider"] = "Sqlite",
            ["FlagGrains__Storage__SqlitePath"] = sqlitePath,
            ["FlagGrains__Storage__ConnectionString"] = null,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return new SiloSettings("unused", new Dictionary<string, string>(), $"single-{Guid.NewGuid():N}"[..20], AdminToken) { Extra = settings };
    }
}
