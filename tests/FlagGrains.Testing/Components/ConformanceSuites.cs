namespace FlagGrains.Testing.Components;

/// <summary>
/// The third-party conformance suites, read in place and never copied into the repository. They are found through one
/// setting, <c>FLAGGRAINS_CONFORMANCE_DIR</c>, which defaults to <c>../shared/conformance</c> beside the checkout.
/// </summary>
public static class ConformanceSuites
{
    public const string Variable = "FLAGGRAINS_CONFORMANCE_DIR";

    /// <summary>Each suite's folder under the conformance root, and where it comes from.</summary>
    public static IReadOnlyList<(string Folder, string Origin)> Suites { get; } =
    [
        ("flagd-testbed", "the flagd test bed, github.com/open-feature/flagd-testbed at 82ba89ec8db498fa51368e558e4d87642d9e93c4 (v3.9.0)"),
        ("flagd-schemas", "the flagd schemas, github.com/open-feature/flagd-schemas at 741a7f8e7dc309a6e3a9c4259edbe52c89488ea9"),
        ("jsonlogic", "the JsonLogic suite, github.com/jwadhams/json-logic (gh-pages) at fc1867dc192a63e96f273110115f83ba67a4e5fe"),
        ("ofrep", "the OFREP spec, github.com/open-feature/protocol at d1a63a4e84e6297599ce566126e7764c1419f80a"),
    ];

    /// <summary>The folder the suites are looked for in (configured, or the default beside the checkout).</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(RepositoryRoot.OrNull ?? AppContext.BaseDirectory, "..", "shared", "conformance"));

    /// <summary>Null when every suite is there; otherwise which are not.</summary>
    public static string? Missing
    {
        get
        {
            var absent = Suites.Where(s => !Directory.Exists(Path.Combine(Root, s.Folder))).Select(s => s.Folder).ToList();
            return absent.Count == 0 ? null : $"{string.Join(", ", absent)} not found in {Root}";
        }
    }

    public static string HowToProvide =>
        $"Set {Variable} to a folder holding {string.Join("; ", Suites.Select(s => $"{s.Folder}/ ({s.Origin})"))}.";

    /// <summary>A file or folder of the suites; fails with the full explanation when they are absent.</summary>
    public static string PathOf(params string[] relative)
    {
        TestComponents.Require(Component.Conformance);
        return Path.Combine([Root, .. relative]);
    }

    public static string ReadText(params string[] relative) => File.ReadAllText(PathOf(relative));
}
