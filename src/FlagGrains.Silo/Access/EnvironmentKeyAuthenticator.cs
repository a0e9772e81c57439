using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Domain.Access;
using FlagGrains.Grains.Gateways;
using Microsoft.Net.Http.Headers;

namespace FlagGrains.Silo.Access;

/// <summary>
/// Checks a client or server key against the silo-local snapshot of the environment the key names. The key's hash
/// travels with the snapshot, so authentication costs no grain call once the gateway is warm.
/// </summary>
public sealed class EnvironmentKeyAuthenticator(GatewaySnapshotRegistry snapshots)
{
    public async ValueTask<EnvironmentAccess?> AuthenticateAsync(HttpRequest request)
    {
        string? token = BearerToken.TryRead(request.Headers[HeaderNames.Authorization], out var bearer)
            ? bearer
            : request.Headers["X-API-Key"] is { Count: 1 } apiKey ? apiKey[0] : null;
        if (token is null || !ApiKeyFormat.TryParse(token, out var parsed)) return null;

        if (!GrainKeys.TryEnvironment(token.AsSpan()[parsed.Project], token.AsSpan()[parsed.Environment], out var environmentKey)) return null;

        var snapshot = await snapshots.GetAsync(environmentKey);
        return snapshot.TryVerifyKey(token, parsed, out var kind) ? new EnvironmentAccess(snapshot, kind) : null;
    }
}

/// <summary>An authenticated caller and the snapshot it may evaluate against.</summary>
public readonly record struct EnvironmentAccess(GatewaySnapshot Snapshot, ApiKeyKind Kind);
