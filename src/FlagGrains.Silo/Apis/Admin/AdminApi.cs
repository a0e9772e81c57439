using System.Text;
using System.Text.Json;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Environments;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary><c>/admin/v1</c>: flag sets and keys of environments, for admin tokens.</summary>
public static class AdminApi
{
    /// <summary>Flag documents are small (kB to a few MB); anything larger is a mistake or an attack.</summary>
    public const int MaxDocumentBytes = 4 * 1024 * 1024;

    public static void MapAdminApi(this IEndpointRouteBuilder routes)
    {
        var environment = routes.MapGroup("/admin/v1/projects/{project}/environments/{environment}")
            .AddEndpointFilter<EnvironmentRouteFilter>();

        environment.MapGet("/flags", GetFlagSetAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapPut("/flags", PutFlagSetAsync).RequireAdminRole(AdminRole.Editor);
        environment.MapPost("/keys", CreateKeyAsync).RequireAdminRole(AdminRole.Admin);
    }

    private static async Task<IResult> GetFlagSetAsync(string project, string environment, IGrainFactory grains, HttpResponse response)
    {
        var view = await grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment)).GetFlagSetAsync();
        if (view is null) return Problems.NotFound($"Environment '{project}/{environment}' has no flag set.");

        response.Headers.ETag = EntityTags.ForVersion(view.Version);
        return TypedResults.Text(view.DocumentJson, "application/json", Encoding.UTF8);
    }

    private static async Task<IResult> PutFlagSetAsync(string project, string environment, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!EntityTags.TryParseIfMatch(request.Headers.IfMatch, out var expectedVersion))
            return Problems.BadRequest("Invalid If-Match", "If-Match must be an ETag returned by this API, e.g. \"v3\".");

        using var body = await RequestBody.ReadAsync(request, MaxDocumentBytes, cancellationToken);
        if (body is null) return Problems.PayloadTooLarge($"A flag set may be at most {MaxDocumentBytes} bytes.");

        string json;
        try
        {
            json = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Memory.Span);
        }
        catch (DecoderFallbackException)
        {
            return Problems.BadRequest("Invalid encoding", "The flag set must be UTF-8 encoded JSON.");
        }

        var result = await grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment)).PutFlagSetAsync(json, expectedVersion);
        return result.Status switch
        {
            FlagSetWriteStatus.Stored => Stored(result.Version, request.HttpContext.Response),
            FlagSetWriteStatus.VersionConflict => Problems.PreconditionFailed($"The flag set is at version {result.Version}; re-read it and apply your change again."),
            _ => Problems.BadRequest(
                "Invalid flag set",
                string.Join("; ", result.Problems.Take(5).Select(p => $"{p.Path}: {p.Message}")),
                new Dictionary<string, object?> { ["errors"] = result.Problems.Select(p => new { path = p.Path, message = p.Message }).ToList() }),
        };
    }

    private static IResult Stored(long version, HttpResponse response)
    {
        response.Headers.ETag = EntityTags.ForVersion(version);
        return TypedResults.Ok(new FlagSetStored(version));
    }

    private static async Task<IResult> CreateKeyAsync(string project, string environment, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        CreateKeyRequest? body;
        try
        {
            // Any content type: `curl -d` sends form encoding by default, and the body can only mean one thing.
            body = await JsonSerializer.DeserializeAsync<CreateKeyRequest>(request.Body, AdminJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return Problems.BadRequest("Invalid request", "Body must be JSON like {\"kind\":\"client\"} or {\"kind\":\"server\"}.");
        }

        ApiKeyKind? kind = body?.Kind?.ToLowerInvariant() switch
        {
            "client" => ApiKeyKind.Client,
            "server" => ApiKeyKind.Server,
            _ => null,
        };
        if (kind is null) return Problems.BadRequest("Invalid key kind", "\"kind\" must be \"client\" or \"server\".");

        var grain = grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment));
        if (await grain.GetFlagSetAsync() is null)
            return Problems.NotFound($"Environment '{project}/{environment}' has no flag set; PUT one before creating keys.");

        var created = await grain.CreateKeyAsync(kind.Value);
        return TypedResults.Created(
            $"/admin/v1/projects/{project}/environments/{environment}/keys/{created.KeyId}",
            new KeyCreated(created.KeyId, body!.Kind!.ToLowerInvariant(), created.Secret, created.CreatedAt));
    }
}

internal sealed record CreateKeyRequest(string? Kind);

internal sealed record KeyCreated(string KeyId, string Kind, string Key, DateTimeOffset CreatedAt);

internal sealed record FlagSetStored(long Version);

internal static class AdminJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
