using System.Text.Json;

namespace FlagGrains.Domain.Model;

/// <summary>
/// Rejects repeated object keys anywhere in the document. JSON parsers disagree on which duplicate wins,
/// so a document with duplicates would evaluate differently in different flagd implementations.
/// </summary>
internal static class DuplicateKeyDetector
{
    public static void Check(JsonElement element, List<ValidationProblem> problems) => Check(element, JsonPath.Root, problems);

    private static void Check(JsonElement element, string path, List<ValidationProblem> problems)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var propertyPath = JsonPath.Property(path, property.Name);
                    if (!seen.Add(property.Name))
                    {
                        problems.Add(new ValidationProblem(propertyPath, $"Duplicate key '{property.Name}'."));
                        continue;
                    }

                    Check(property.Value, propertyPath, problems);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Check(item, JsonPath.Index(path, index++), problems);
                }

                break;
        }
    }
}
