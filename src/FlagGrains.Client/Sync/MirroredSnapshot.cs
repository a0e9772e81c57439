using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;

namespace FlagGrains.Client.Sync;

/// <summary>
/// One environment at one version, compiled once. Immutable: a new version replaces the whole object, so an
/// evaluation never sees half an update.
/// </summary>
internal sealed class MirroredSnapshot
{
    private MirroredSnapshot(string environmentKey, long version, DateTimeOffset updatedAt, string? documentJson, CompiledFlagSet? flags)
    {
        EnvironmentKey = environmentKey;
        Version = version;
        UpdatedAt = updatedAt;
        DocumentJson = documentJson;
        Flags = flags;
    }

    public string EnvironmentKey { get; }

    public long Version { get; }

    public DateTimeOffset UpdatedAt { get; }

    /// <summary>The flagd document; null when the environment has no flag set.</summary>
    public string? DocumentJson { get; }

    /// <summary>Null when the environment has no flag set (never written, or deleted).</summary>
    public CompiledFlagSet? Flags { get; }

    /// <summary>Key digests are not kept: an internal service evaluates without API keys.</summary>
    public static MirroredSnapshot From(EnvironmentSnapshot snapshot) =>
        Compile(snapshot.EnvironmentKey, snapshot.Version, snapshot.UpdatedAt, snapshot.DocumentJson);

    public static MirroredSnapshot Compile(string environmentKey, long version, DateTimeOffset updatedAt, string? documentJson)
    {
        if (documentJson is null) return new MirroredSnapshot(environmentKey, version, updatedAt, null, null);

        // The environment grain stores only documents that passed this same validation, so a failure here means a
        // corrupted cache file or an incompatible server, never user input.
        var parsed = FlagSetDocument.Parse(documentJson);
        var document = parsed.Document
            ?? throw new InvalidDataException($"The flag set of {environmentKey} at version {version} does not parse: {string.Join("; ", parsed.Errors.Select(p => p.Message))}");
        return new MirroredSnapshot(environmentKey, version, updatedAt, documentJson, CompiledFlagSet.Compile(document));
    }
}
