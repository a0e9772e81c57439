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
        if (!TryReadKey(request, out var token, out var parsed, out var environmentKey)) return null;

        var snapshot = await snapshots.GetAsync(environmentKey);
        return snapshot.TryVerifyKey(token, parsed, out var kind) ? new EnvironmentAccess(snapshot, kind) : null;
    }

    /// <summary>
    /// The snapshot this silo already holds for the environment the key names, without verifying the key: only for
    /// skipping work a verified request would skip as well (the evaluation that follows verifies it).
    /// </summary>
    public bool TryPeek(HttpRequest request, out GatewaySnapshot snapshot)
    {
        snapshot = null!;
        return TryReadKey(request, out _, out _, out var environmentKey) && snapshots.TryGet(environmentKey, out snapshot);
    }

    private static bool TryReadKey(HttpRequest request, out string token, out ParsedApiKey parsed, out string environmentKey)
    {
        token = (BearerToken.TryRead(request.Headers[HeaderNames.Authorization], out var bearer)
            ? bearer
            : request.Headers["X-API-Key"] is { Count: 1 } apiKey ? apiKey[0] : null) ?? "";
        environmentKey = "";
        parsed = default;
        return token.Length > 0
            && ApiKeyFormat.TryParse(token, out parsed)
            && GrainKeys.TryEnvironment(token.AsSpan()[parsed.Project], token.AsSpan()[parsed.Environment], out environmentKey);
    }
}

/// <summary>An authenticated caller and the snapshot it may evaluate against.</summary>
public readonly record struct EnvironmentAccess(GatewaySnapshot Snapshot, ApiKeyKind Kind);
