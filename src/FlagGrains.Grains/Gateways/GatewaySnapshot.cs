using System.Collections.Frozen;
using System.Security.Cryptography;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Access;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;
using FlagGrains.Grains.Analytics;

namespace FlagGrains.Grains.Gateways;

/// <summary>
/// What a silo's HTTP handlers read for one environment: compiled rules and key digests at one version.
/// Immutable; a new version replaces the whole object, so a request never sees half an update.
/// </summary>
public sealed class GatewaySnapshot
{
    private readonly FrozenDictionary<string, KeyEntry> _keys;
    private readonly FrozenDictionary<string, KeyEntry>.AlternateLookup<ReadOnlySpan<char>> _keysBySpan;

    private GatewaySnapshot(string environmentKey, long version, DateTimeOffset updatedAt, string? documentJson, CompiledFlagSet? flags, FrozenDictionary<string, KeyEntry> keys)
    {
        DocumentJson = documentJson;
        EnvironmentKey = environmentKey;
        Version = version;
        UpdatedAt = updatedAt;
        Flags = flags;
        Usage = flags is null ? null : new EvaluationTally(flags.FlagKeys);
        _keys = keys;
        _keysBySpan = keys.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string EnvironmentKey { get; }

    public long Version { get; }

    public DateTimeOffset UpdatedAt { get; }

    /// <summary>The flagd document, for server SDKs that evaluate locally. Null when the environment does not exist.</summary>
    public string? DocumentJson { get; }

    /// <summary>Null when the environment has no flag set (it does not exist yet).</summary>
    public CompiledFlagSet? Flags { get; }

    /// <summary>Evaluation counts of this version, by flag position; the HTTP handlers increment it, metrics and analytics read it.</summary>
    public EvaluationTally? Usage { get; }

    public static GatewaySnapshot Compile(EnvironmentSnapshot snapshot)
    {
        var flags = snapshot.DocumentJson is { } json && FlagSetDocument.Parse(json).Document is { } document
            ? CompiledFlagSet.Compile(document)
            : null;
        var keys = snapshot.Keys.ToFrozenDictionary(
            k => k.KeyId,
            k => new KeyEntry(k.Kind, Convert.FromHexString(k.Sha256Hex)),
            StringComparer.Ordinal);
        return new GatewaySnapshot(snapshot.EnvironmentKey, snapshot.Version, snapshot.UpdatedAt, flags is null ? null : snapshot.DocumentJson, flags, keys);
    }

    /// <summary>True while the key is active; an open event stream of a key that disappears is closed.</summary>
    public bool HasKey(string keyId) => _keys.ContainsKey(keyId);

    /// <summary>Checks a presented key against this environment's active keys without allocating.</summary>
    public bool TryVerifyKey(ReadOnlySpan<char> token, in ParsedApiKey parsed, out ApiKeyKind kind)
    {
        kind = default;
        if (!_keysBySpan.TryGetValue(token[parsed.KeyId], out var entry)) return false;

        Span<byte> presented = stackalloc byte[32];
        ApiKeyFormat.Sha256(token, presented);
        if (!CryptographicOperations.FixedTimeEquals(presented, entry.Sha256)) return false;

        // The prefix is part of the hashed token, so a client key cannot be relabelled as a server key.
        kind = entry.Kind;
        return true;
    }

    private sealed record KeyEntry(ApiKeyKind Kind, byte[] Sha256);
}
