namespace FlagGrains.Grains.Catalog;

/// <summary>Projects and their environments. Type name is part of stored rows; do not rename.</summary>
[GenerateSerializer, Alias("FlagGrains.CatalogState")]
public sealed class CatalogState
{
    [Id(0)] public SortedDictionary<string, SortedSet<string>> Projects { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Environment keys listed before their creating write was confirmed: either being created, created while the
    /// confirmation failed, or never created because that write failed. Each is asked to confirm or remove itself.
    /// </summary>
    [Id(1)] public SortedSet<string> Unconfirmed { get; set; } = new(StringComparer.Ordinal);

    public CatalogState Clone() => new()
    {
        Projects = new SortedDictionary<string, SortedSet<string>>(
            Projects.ToDictionary(p => p.Key, p => new SortedSet<string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal),
            StringComparer.Ordinal),
        Unconfirmed = new SortedSet<string>(Unconfirmed, StringComparer.Ordinal),
    };
}
