using System.Text.Json;

namespace FlagGrains.Silo.Apis.Admin;

internal static class AdminJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
