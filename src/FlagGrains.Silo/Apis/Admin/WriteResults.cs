using FlagGrains.Contracts.Environments;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>Maps a grain's write outcome to HTTP, the same way for whole flag sets and single flags.</summary>
public static class WriteResults
{
    public static IResult ToHttp(FlagSetWriteResult result, HttpResponse response, string? etag, string what) => result.Status switch
    {
        FlagSetWriteStatus.Stored => Stored(result.Version, response, etag),
        FlagSetWriteStatus.VersionConflict => Problems.PreconditionFailed($"{what} changed since you read it; re-read it and apply your change again."),
        FlagSetWriteStatus.NotFound => Problems.NotFound($"{what} does not exist."),
        FlagSetWriteStatus.ApprovalRequired => FieldProblems.Conflict("changeRequest", $"{what} is under an approval policy; the write must go through a change request."),
        _ => Problems.BadRequest(
            "Invalid flag set",
            string.Join("; ", result.Problems.Take(5).Select(p => $"{p.Path}: {p.Message}")),
            new Dictionary<string, object?> { ["errors"] = result.Problems.Select(p => new { path = p.Path, message = p.Message }).ToList() }),
    };

    private static IResult Stored(long version, HttpResponse response, string? etag)
    {
        response.Headers.ETag = etag ?? EntityTag.ForVersion(version);
        return TypedResults.Ok(new FlagSetStored(version));
    }
}

internal sealed record FlagSetStored(long Version);
