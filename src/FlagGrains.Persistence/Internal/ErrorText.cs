using Npgsql;

namespace FlagGrains.Persistence.Internal;

internal static class ErrorText
{
    /// <summary>
    /// The driver's message as one sentence that can be followed by advice. PostgreSQL's own
    /// Message spans several lines (POSITION etc.), so its parts are picked instead.
    /// </summary>
    public static string Of(Exception ex)
    {
        var text = ex is PostgresException postgres
            ? $"{postgres.MessageText} (SQLSTATE {postgres.SqlState}){(string.IsNullOrEmpty(postgres.Hint) ? "" : $". {postgres.Hint}")}"
            : ex.Message;
        text = text.Trim();
        return text.EndsWith('.') ? text : text + ".";
    }
}
