using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Environments;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>Client and server keys of an environment: created (secret shown once), listed, revoked.</summary>
public static class KeyEndpoints
{
    public static async Task<IResult> ListAsync(string project, string environment, IGrainFactory grains)
    {
        var keys = await grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment)).ListKeysAsync();
        return TypedResults.Ok(keys.Select(k => new KeyListed(k.KeyId, Name(k.Kind), k.CreatedAt, k.RevokedAt)));
    }

    public static async Task<IResult> CreateAsync(string project, string environment, HttpContext http, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateKeyRequest>(http.Request, "{\"kind\":\"client\"} or {\"kind\":\"server\"}");
        if (problem is not null) return problem;

        ApiKeyKind? kind = body?.Kind switch
        {
            "client" => ApiKeyKind.Client,
            "server" => ApiKeyKind.Server,
            _ => null,
        };
        if (kind is null) return Problems.BadRequest("Invalid key kind", "\"kind\" must be \"client\" or \"server\".");

        var created = await grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment))
            .CreateKeyAsync(kind.Value, ChangeContexts.From(http));
        if (created is null)
            return Problems.NotFound($"Environment '{project}/{environment}' has no flag set; PUT one before creating keys.");

        return TypedResults.Created(
            $"/admin/v1/projects/{project}/environments/{environment}/keys/{created.KeyId}",
            new KeyCreated(created.KeyId, Name(created.Kind), created.Secret, created.CreatedAt));
    }

    public static async Task<IResult> RevokeAsync(string project, string environment, string keyId, HttpContext http, IGrainFactory grains)
    {
        var revoked = await grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment))
            .RevokeKeyAsync(keyId, ChangeContexts.From(http));
        return revoked ? TypedResults.NoContent() : Problems.NotFound($"No active key '{keyId}' in '{project}/{environment}'.");
    }

    private static string Name(ApiKeyKind kind) => kind == ApiKeyKind.Server ? "server" : "client";
}

internal sealed record CreateKeyRequest(string? Kind);

internal sealed record KeyCreated(string KeyId, string Kind, string Key, DateTimeOffset CreatedAt);

internal sealed record KeyListed(string KeyId, string Kind, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
