using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Access;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;
using FlagGrains.Serving.Tallies;

namespace FlagGrains.Serving.Snapshots;

/// <summary>
/// One environment at one version, compiled once: what a silo's HTTP handlers (and an Orleans client's evaluators)
/// answer from. Immutable; a new version replaces the whole object, so a request never sees half an update.
/// </summary>
public sealed class ServingSnapshot
{
    private static readonly FrozenDictionary<string, KeyEntry> NoKeys = FrozenDictionary<string, KeyEntry>.Empty;

    private readonly FrozenDictionary<string, KeyEntry> _keys;
    private readonly FrozenDictionary<string, KeyEntry>.AlternateLookup<ReadOnlySpan<char>> _keysBySpan;

    private ServingSnapshot(string environmentKey, long version, DateTimeOffset updatedAt, string? documentJson, CompiledFlagSet? flags, FrozenDictionary<string, KeyEntry> keys)
    {
        EnvironmentKey = environmentKey;
        Version = version;
        UpdatedAt = updatedAt;
        DocumentJson = flags is null ? null : documentJson;
        Flags = flags;
        Usage = flags is null ? null : new EvaluationTally(flags.FlagKeys);
        _keys = keys;
        _keysBySpan = keys.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string EnvironmentKey { get; }

    public long Version { get; }

    public DateTimeOffset UpdatedAt { get; }

    /// <summary>The flagd document, for server SDKs that evaluate locally. Null when the environment has no flag set.</summary>
    public string? DocumentJson { get; }

    /// <summary>Null when the environment has no flag set (never written, or deleted).</summary>
    public CompiledFlagSet? Flags { get; }

    /// <summary>Evaluation counts of this version, by flag position; HTTP handlers increment it, metrics and analytics read it.</summary>
    public EvaluationTally? Usage { get; }

    /// <summary>
    /// Compiles a pulled snapshot. <paramref name="keepKeys"/>: silos verify API keys against the digests; an Orleans
    /// client evaluates without keys and does not keep them.
    /// </summary>
    public static ServingSnapshot Compile(EnvironmentSnapshot snapshot, RuleLimits limits, bool keepKeys = true)
    {
        var keys = keepKeys && snapshot.Keys.Count > 0
            ? snapshot.Keys.ToFrozenDictionary(k => k.KeyId, k => new KeyEntry(k.KeyId, k.Kind, Convert.FromHexString(k.Sha256Hex)), StringComparer.Ordinal)
            : NoKeys;
        return new ServingSnapshot(snapshot.EnvironmentKey, snapshot.Version, snapshot.UpdatedAt, snapshot.DocumentJson, CompileRules(snapshot.EnvironmentKey, snapshot.Version, snapshot.DocumentJson, limits), keys);
    }

    /// <summary>A snapshot without keys from a stored document (an Orleans client's cache file).</summary>
    public static ServingSnapshot FromDocument(string environmentKey, long version, DateTimeOffset updatedAt, string? documentJson, RuleLimits limits) =>
        new(environmentKey, version, updatedAt, documentJson, CompileRules(environmentKey, version, documentJson, limits), NoKeys);

    /// <summary>True while the key is active; an open event stream of a key that disappears is closed.</summary>
    public bool HasKey(string keyId) => _keys.ContainsKey(keyId);

    /// <summary>
    /// This snapshot's own copy of an active key's id (null when not active): something kept per connection, like an
    /// open event stream, can share it instead of holding a copy of its own.
    /// </summary>
    public string? SharedKeyId(string keyId) => _keys.TryGetValue(keyId, out var entry) ? entry.Id : null;

    /// <inheritdoc cref="SharedKeyId(string)"/>
    public string? SharedKeyId(ReadOnlySpan<char> keyId) => _keysBySpan.TryGetValue(keyId, out var entry) ? entry.Id : null;

    /// <summary>True when this snapshot knows the key id, whatever the secret; an unknown id may be newer than it.</summary>
    public bool HasKey(ReadOnlySpan<char> keyId) => _keysBySpan.ContainsKey(keyId);

    /// <summary>Checks a presented key against this environment's active keys without allocating.</summary>
    public bool TryVerifyKey(ReadOnlySpan<char> token, in ParsedApiKey parsed, out ApiKeyKind kind)
    {
        kind = default;
        if (!_keysBySpan.TryGetValue(token[parsed.KeyId], out var entry)) return false;

        // One client key is shared by every install of an app, so nearly every request presents the token verified
        // last: comparing with it skips a SHA-256 (about 1 µs, a few percent of a request's CPU). The token is held
        // only in memory, like the request that carried it; what is stored and shipped stays the digest.
        if (entry.LastVerified is not { } last || !SameToken(token, last))
        {
            Span<byte> presented = stackalloc byte[32];
            ApiKeyFormat.Sha256(token, presented);
            if (!CryptographicOperations.FixedTimeEquals(presented, entry.Sha256)) return false;
            entry.LastVerified = token.ToString();
        }

        // The prefix is part of the hashed token, so a client key cannot be relabelled as a server key.
        kind = entry.Kind;
        return true;
    }

    /// <summary>
    /// Constant time in the token's content (its length is public: the key format fixes it). Eight bytes at a time:
    /// the byte-wise loop of <see cref="CryptographicOperations.FixedTimeEquals"/> cost as much as the hash it saved.
    /// </summary>
    private static bool SameToken(ReadOnlySpan<char> presented, string verified)
    {
        if (presented.Length != verified.Length) return false;
        var a = MemoryMarshal.AsBytes(presented);
        var b = MemoryMarshal.AsBytes(verified.AsSpan());
        ulong difference = 0;
        var i = 0;
        for (; i + sizeof(ulong) <= a.Length; i += sizeof(ulong))
            difference |= MemoryMarshal.Read<ulong>(a[i..]) ^ MemoryMarshal.Read<ulong>(b[i..]);
        for (; i < a.Length; i++)
            difference |= (uint)(a[i] ^ b[i]);
        return difference == 0;
    }

    private static CompiledFlagSet? CompileRules(string environmentKey, long version, string? documentJson, RuleLimits limits)
    {
        if (documentJson is null) return null;

        // Stored documents passed strict validation when written; lenient compilation only matters for a document
        // stored under other limits or an older engine, where a rule that cannot run answers an error for its flag.
        var compiled = FlagSetCompiler.Compile(documentJson, ValidationMode.Lenient, limits);
        return compiled.Flags
            ?? throw new InvalidDataException($"The flag set of {environmentKey} at version {version} does not parse: {string.Join("; ", compiled.Errors.Select(p => p.Message))}");
    }

    private sealed class KeyEntry(string id, ApiKeyKind kind, byte[] sha256)
    {
        public string Id { get; } = id;

        public ApiKeyKind Kind { get; } = kind;

        public byte[] Sha256 { get; } = sha256;

        /// <summary>The last token whose digest matched; a racing write only costs the next request a hash.</summary>
        public string? LastVerified { get; set; }
    }
}
