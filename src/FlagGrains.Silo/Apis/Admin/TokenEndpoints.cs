using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>Admin tokens: created with a role (secret shown once), listed, given another role, revoked.</summary>
public static class TokenEndpoints
{
    public static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var tokens = await Directory(grains).ListAsync();
        return TypedResults.Ok(tokens.Select(t => new TokenListed(t.TokenId, t.Name, Role(t.Role), t.CreatedAt, t.RevokedAt)));
    }

    public static async Task<IResult> CreateAsync(HttpContext http, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateTokenRequest>(http.Request, "{\"name\":\"ci-deploy\",\"role\":\"editor\"}");
        if (problem is not null) return problem;

        var role = ParseRole(body?.Role);
        if (role is null) return InvalidRole();
        if (string.IsNullOrWhiteSpace(body!.Name) || body.Name.Length > 100)
            return Problems.BadRequest("Invalid name", "\"name\" is required, at most 100 characters.");

        var created = await Directory(grains).CreateAsync(body.Name, role.Value, ChangeContexts.From(http));
        return TypedResults.Created(
            $"/admin/v1/tokens/{created.Info.TokenId}",
            new TokenCreated(created.Info.TokenId, created.Info.Name, Role(created.Info.Role), created.Token, created.Info.CreatedAt));
    }

    public static async Task<IResult> RevokeAsync(string tokenId, HttpContext http, IGrainFactory grains) =>
        ToHttp(await Directory(grains).RevokeAsync(tokenId, ChangeContexts.From(http)), tokenId, TypedResults.NoContent());

    public static async Task<IResult> ChangeRoleAsync(string tokenId, HttpContext http, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<ChangeRoleRequest>(http.Request, "{\"role\":\"viewer\"}");
        if (problem is not null) return problem;
        if (ParseRole(body?.Role) is not { } role) return InvalidRole();

        return ToHttp(await Directory(grains).ChangeRoleAsync(tokenId, role, ChangeContexts.From(http)), tokenId, TypedResults.NoContent());
    }

    private static IResult ToHttp(AdminTokenChange change, string tokenId, IResult done) => change switch
    {
        AdminTokenChange.Done => done,
        AdminTokenChange.LastAdmin => Problems.Conflict(
            $"'{tokenId}' is the last active admin-role token; create another admin token first, so nobody is locked out."),
        _ => Problems.NotFound($"No active token '{tokenId}'."),
    };

    private static AdminRole? ParseRole(string? role) => role switch
    {
        "viewer" => AdminRole.Viewer,
        "editor" => AdminRole.Editor,
        "admin" => AdminRole.Admin,
        _ => null,
    };

    private static IResult InvalidRole() => Problems.BadRequest("Invalid role", "\"role\" must be \"viewer\", \"editor\" or \"admin\".");

    private static IAdminDirectoryGrain Directory(IGrainFactory grains) => grains.GetGrain<IAdminDirectoryGrain>(GrainKeys.AdminDirectory);

    private static string Role(AdminRole role) => role.ToString().ToLowerInvariant();
}

internal sealed record CreateTokenRequest(string? Name, string? Role);

internal sealed record ChangeRoleRequest(string? Role);

internal sealed record TokenCreated(string TokenId, string Name, string Role, string Token, DateTimeOffset CreatedAt);

internal sealed record TokenListed(string TokenId, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
