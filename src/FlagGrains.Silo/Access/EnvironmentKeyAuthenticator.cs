using FlagGrains.Contracts;
using FlagGrains.Domain.Access;
using FlagGrains.Serving.Resolving;
using FlagGrains.Serving.Snapshots;
using Microsoft.Net.Http.Headers;

namespace FlagGrains.Silo.Access;

/// <summary>
/// Verifies a client or server key against the silo-local snapshot of the environment the key names; the key's hash
/// travels with the snapshot, so a warm environment costs no grain call. <see cref="Read"/> runs first in the data
/// plane's pipeline (parse once, verify in memory when it can); <see cref="AuthenticateAsync"/> finishes what needs the
/// cluster: an environment this silo does not serve yet, or a key id newer than its snapshot.
/// </summary>
public sealed class EnvironmentKeyAuthenticator(SnapshotResolver resolver)
{
    /// <summary>The request's credential, parsed and verified in memory as far as possible; computed once per request.</summary>
    public KeyCredential Read(HttpContext http)
    {
        if (http.Features.Get<KeyCredential>() is { } known) return known;

        var credential = Parse(http.Request, out var served) is { } parsed ? Verify(parsed, served) : KeyCredential.None;
        http.Features.Set(credential);
        return credential;
    }

    /// <summary>The verified credential, or null (answer 401). May wait for the cluster on a cold or unknown key.</summary>
    public async ValueTask<KeyCredential?> AuthenticateAsync(HttpContext http)
    {
        var credential = Read(http);
        if (credential.State == KeyState.NeedsSnapshot)
        {
            if (await resolver.ResolveAsync(credential.EnvironmentKey) is not { } snapshot)
            {
                credential.State = KeyState.Rejected;
                return null;
            }

            Verify(credential, snapshot);
        }

        if (credential.State == KeyState.NeedsRecheck)
        {
            Verify(credential, await resolver.RecheckAsync(credential.Snapshot!));
            if (credential.State == KeyState.NeedsRecheck) credential.State = KeyState.Rejected;
        }

        return credential.IsVerified ? credential : null;
    }

    /// <summary>
    /// Moves a verified credential to the newest snapshot this silo serves (after a request waited for a version),
    /// verifying the key again: it may have been revoked by that version.
    /// </summary>
    public void Advance(KeyCredential credential)
    {
        if (!credential.IsVerified || !resolver.TryGetServing(credential.EnvironmentKey, out var newest) || newest.Version <= credential.Snapshot!.Version) return;
        Verify(credential, newest);
        if (!credential.IsVerified) credential.State = KeyState.Rejected;
    }

    private KeyCredential Verify(KeyCredential credential, ServingSnapshot? held)
    {
        if (held is null && !resolver.TryGetServing(credential.EnvironmentKey, out held))
        {
            credential.State = KeyState.NeedsSnapshot;
            return credential;
        }

        credential.Snapshot = held;
        if (held.TryVerifyKey(credential.Token.Span, credential.Parsed, out var kind))
        {
            credential.Kind = kind;
            credential.State = KeyState.Verified;
        }
        else
        {
            // A known key id with a wrong secret is a forgery; an unknown one may have been created a moment ago.
            credential.State = held.HasKey(credential.Token.Span[credential.Parsed.KeyId]) ? KeyState.Rejected : KeyState.NeedsRecheck;
        }

        return credential;
    }

    /// <summary>
    /// Parses without copying: the token stays a slice of its header, and an environment this silo serves lends the
    /// key string of its snapshot (<paramref name="served"/>). Only a cold or unknown environment makes a string.
    /// </summary>
    private KeyCredential? Parse(HttpRequest request, out ServingSnapshot? served)
    {
        served = null;
        var token = BearerToken.TryReadInPlace(request.Headers[HeaderNames.Authorization], out var bearer)
            ? bearer
            : request.Headers["X-API-Key"] is { Count: 1 } apiKey ? apiKey[0].AsMemory() : default;
        if (token.IsEmpty || !ApiKeyFormat.TryParse(token.Span, out var parsed)) return null;

        Span<char> environmentKey = stackalloc char[GrainKeys.MaxEnvironmentKeyLength];
        if (!GrainKeys.TryWriteEnvironment(token.Span[parsed.Project], token.Span[parsed.Environment], environmentKey, out var length)) return null;
        if (resolver.TryGetServing(environmentKey[..length], out var snapshot))
        {
            served = snapshot;
            return new KeyCredential(token, parsed, snapshot.EnvironmentKey);
        }

        return new KeyCredential(token, parsed, new string(environmentKey[..length]));
    }
}
