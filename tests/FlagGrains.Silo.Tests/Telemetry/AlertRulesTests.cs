using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing.Cluster;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing.Components;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using FlagGrains.Testing;

namespace FlagGrains.Silo.Tests.Telemetry;

/// <summary>
/// silo-config/alerts/flaggrains.rules.yml: well-formed Prometheus rules, complete annotations, runbook sections that
/// exist, and only metric names a real silo exports (taken from its /metrics after exercising it, not from a list).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed partial class AlertRulesTests(SiloFixture fixture)
{
    private static readonly string RulesPath = RepositoryRoot.PathOf("silo-config", "alerts", "flaggrains.rules.yml");

    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
    };

    [Fact]
    public void Every_alert_has_an_expression_a_duration_a_severity_a_summary_and_a_runbook_section()
    {
        var rules = Load();
        Assert.NotEmpty(rules.Groups);
        var alerts = rules.Groups.SelectMany(g => g.Rules).ToList();
        Assert.Equal(6, alerts.Count);
        Assert.Equal(alerts.Count, alerts.Select(a => a.Alert).Distinct().Count());
        foreach (var alert in alerts)
        {
            Assert.False(string.IsNullOrWhiteSpace(alert.Alert));
            Assert.False(string.IsNullOrWhiteSpace(alert.Expr), alert.Alert);
            Assert.Matches(DurationPattern(), alert.For ?? "");
            Assert.Contains(alert.Labels.GetValueOrDefault("severity"), new[] { "page", "warn" });
            Assert.False(string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("summary")), alert.Alert);
            AssertRunbookSectionExists(alert.Alert!, alert.Annotations.GetValueOrDefault("runbook_url"));
        }
    }

    [Fact]
    public async Task Every_metric_an_expression_uses_is_exported_by_a_silo()
    {
        var exported = await ExportedSeriesNamesAsync();

        var used = Load().Groups.SelectMany(g => g.Rules).SelectMany(r => MetricNames(r.Expr!).Select(m => (r.Alert, Metric: m))).ToList();

        Assert.NotEmpty(used);
        Assert.All(used, u => Assert.True(exported.Contains(u.Metric), $"{u.Alert} uses {u.Metric}, which /metrics does not export."));
    }

    [Fact]
    public void The_metric_name_reader_skips_functions_labels_and_keywords()
    {
        Assert.Equal(
            ["a_total", "b_seconds_bucket"],
            MetricNames("""sum by (instance) (rate(a_total{x=~"5..", le="1"}[5m])) / on (job) histogram_quantile(0.9, rate(b_seconds_bucket[1h] offset 5m)) > bool 0"""));
    }

    [ComponentFact(Component.Promtool)]
    public async Task Promtool_accepts_the_rules()
    {
        TestComponents.Require(Component.Promtool);
        using var promtool = Process.Start(new ProcessStartInfo("promtool", ["check", "rules", RulesPath]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        Assert.True(promtool.ExitCode == 0, output);
    }

    /// <summary>Identifiers in a PromQL expression that name series: not functions, label names, keywords or strings.</summary>
    private static List<string> MetricNames(string expression)
    {
        var text = StringLiteral().Replace(expression, "");
        text = LabelMatchers().Replace(text, "");
        text = Grouping().Replace(text, "");
        text = RangeOrOffset().Replace(text, "");
        return Identifier().Matches(text)
            .Where(m => !IsFunctionCall(text, m) && !PromQlWords.Contains(m.Value))
            .Select(m => m.Value)
            .Distinct()
            .ToList();
    }

    private static bool IsFunctionCall(string text, Match match)
    {
        var after = match.Index + match.Length;
        while (after < text.Length && char.IsWhiteSpace(text[after])) after++;
        return after < text.Length && text[after] == '(';
    }

    /// <summary>Series names in a scrape of a silo that served evaluations, an admin write that propagated, and errors.</summary>
    private async Task<HashSet<string>> ExportedSeriesNamesAsync()
    {
        using var admin = fixture.Factory.CreateAdminClient();
        var project = TestSupport.Environments.NewProject();
        using var client = fixture.Factory.CreateKeyClient(await admin.CreateWithKeyAsync(project, "prod", Documents.Mixed));
        await client.EvaluateAllAsync(new { targetingKey = "a" });
        Assert.Equal(HttpStatusCode.OK, (await admin.PutFlagsAsync(project, "prod", Documents.Mixed)).StatusCode);

        var names = new HashSet<string>(StringComparer.Ordinal);
        await Poll.UntilAsync("the running gateway recorded a propagation lag", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), async () =>
        {
            names = SeriesNames(await admin.GetStringAsync("/metrics"));
            return names.Contains("flaggrains_propagation_lag_seconds_bucket");
        });
        return names;
    }

    private static HashSet<string> SeriesNames(string scrape) =>
        scrape.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);

    private static void AssertRunbookSectionExists(string alert, string? runbookUrl)
    {
        Assert.False(string.IsNullOrWhiteSpace(runbookUrl), $"{alert} has no runbook_url.");
        var parts = runbookUrl!.Split('#', 2);
        var document = RepositoryRoot.PathOf(parts[0]);
        Assert.True(File.Exists(document), $"{alert}: {parts[0]} does not exist.");
        Assert.True(parts.Length == 2, $"{alert}: runbook_url names no section.");
        var anchors = File.ReadLines(document).Where(l => l.StartsWith('#')).Select(GitHubAnchor).ToHashSet(StringComparer.Ordinal);
        Assert.True(anchors.Contains(parts[1]), $"{alert}: {parts[0]} has no section #{parts[1]}.");
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static string GitHubAnchor(string heading)
    {
        var text = heading.TrimStart('#').Trim().ToLowerInvariant();
        return string.Concat(text.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')).Replace(' ', '-');
    }

    private static RuleFile Load() =>
        new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
            .Deserialize<RuleFile>(File.ReadAllText(RulesPath));


    [GeneratedRegex("^[0-9]+[smhdwy]$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\[[^\]]*\]|\boffset\s+[0-9]+[smhdwy]")]
    private static partial Regex RangeOrOffset();

    [GeneratedRegex(@"(?<![0-9.])\b[a-zA-Z_:][a-zA-Z0-9_:]*\b")]
    private static partial Regex Identifier();

    private sealed class RuleFile
    {
        public List<RuleGroup> Groups { get; set; } = [];
    }

    private sealed class RuleGroup
    {
        public string? Name { get; set; }

        public List<Rule> Rules { get; set; } = [];
    }

    private sealed class Rule
    {
        public string? Alert { get; set; }

        public string? Expr { get; set; }

        public string? For { get; set; }

        public Dictionary<string, string> Labels { get; set; } = [];

        public Dictionary<string, string> Annotations { get; set; } = [];
    }
}
