using FlagGrains.Contracts.Access;
using FlagGrains.Domain.Access;
using FlagGrains.Serving.Snapshots;

namespace FlagGrains.Silo.Access;

/// <summary>
/// The client or server key a data-plane request presented, read once and verified once; a request feature, so rate
/// limiting, re-fetch hints, OFREP and stream advertising all see the same answer instead of parsing the key again.
/// </summary>
public sealed class KeyCredential
{
    /// <summary>The request presented nothing that looks like a client or server key.</summary>
    public static KeyCredential None { get; } = new(ReadOnlyMemory<char>.Empty, default, "") { State = KeyState.Rejected };

    private string? _keyId;

    internal KeyCredential(ReadOnlyMemory<char> token, ParsedApiKey parsed, string environmentKey)
    {
        Token = token;
        Parsed = parsed;
        EnvironmentKey = environmentKey;
    }

    public string EnvironmentKey { get; }

    public KeyState State { get; internal set; }

    /// <summary>Verified: the snapshot the key was checked against, which the request answers from.</summary>
    public ServingSnapshot? Snapshot { get; internal set; }

    public ApiKeyKind Kind { get; internal set; }

    public bool IsVerified => State == KeyState.Verified;

    /// <summary>The key id (public part of the key; never the secret); the snapshot's own string once verified.</summary>
    public string KeyId => _keyId ??= Snapshot?.SharedKeyId(Token.Span[Parsed.KeyId]) ?? Token.Span[Parsed.KeyId].ToString();

    /// <summary>A slice of the request's header value, not a copy.</summary>
    internal ReadOnlyMemory<char> Token { get; }

    internal ParsedApiKey Parsed { get; }
}

/// <summary>Where verification of a presented key stands.</summary>
public enum KeyState
{
    /// <summary>This silo holds no snapshot of the environment yet: the cold path decides.</summary>
    NeedsSnapshot,

    /// <summary>The snapshot held does not know the key id; it may be newer than the snapshot.</summary>
    NeedsRecheck,

    Verified,

    /// <summary>Malformed, unknown environment, wrong secret, or a key id still unknown after the recheck.</summary>
    Rejected,
}
