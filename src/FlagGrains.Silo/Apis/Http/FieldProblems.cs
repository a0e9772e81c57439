namespace FlagGrains.Silo.Apis.Http;

/// <summary>
/// Problem details that name the request field at fault (<c>errors: [{field, message}]</c>), for bodies and query
/// parameters that are not flag documents (those name a JSON path instead).
/// </summary>
public static class FieldProblems
{
    public static IResult Invalid(string field, string detail) => Problem(StatusCodes.Status400BadRequest, $"Invalid {field}", field, detail);

    public static IResult NotFound(string field, string detail) => Problem(StatusCodes.Status404NotFound, "Not found", field, detail);

    public static IResult Conflict(string field, string detail, IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status409Conflict, "Conflict", field, detail, extensions);

    public static IResult Forbidden(string field, string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", field, detail);

    private static IResult Problem(int status, string title, string field, string detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>())
        {
            ["errors"] = new[] { new { field, message = detail } },
        };
        return TypedResults.Problem(detail, statusCode: status, title: title, extensions: all);
    }
}
