namespace FlagGrains.Grains.Catalog;

/// <summary>Projects and their environments. Type name is part of stored rows; do not rename.</summary>
[GenerateSerializer, Alias("FlagGrains.CatalogState")]
public sealed class CatalogState
{
    [Id(0)] public SortedDictionary<string, SortedSet<string>> Projects { get; set; } = new(StringComparer.Ordinal);
}
