using System.Globalization;
using System.Text.RegularExpressions;

namespace FlagGrains.Domain.Releases;

/// <summary>
/// ISO 8601 durations of fixed length (<c>PT10M</c>, <c>PT1H30M</c>, <c>P2D</c>, <c>P1W</c>, <c>PT0.5S</c>). Years and
/// months are refused: their length depends on the calendar, and a hold must mean the same time whenever it starts.
/// </summary>
public static partial class IsoDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (text is null) return false;
        var match = Pattern().Match(text);
        if (!match.Success || text is "P" or "PT" || text.EndsWith('T')) return false;

        double Part(string name) => match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = (Part("w") * 7 * 86400) + (Part("d") * 86400) + (Part("h") * 3600) + (Part("m") * 60) + Part("s");
        if (seconds > TimeSpan.MaxValue.TotalSeconds / 2) return false;
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>The shortest ISO 8601 form of <paramref name="duration"/> (<c>PT1H30M</c>).</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) return "PT0S";
        var text = "P";
        if (duration.Days > 0) text += duration.Days.ToString(CultureInfo.InvariantCulture) + "D";
        var time = duration - TimeSpan.FromDays(duration.Days);
        if (time == TimeSpan.Zero) return text;
        text += "T";
        if (time.Hours > 0) text += time.Hours.ToString(CultureInfo.InvariantCulture) + "H";
        if (time.Minutes > 0) text += time.Minutes.ToString(CultureInfo.InvariantCulture) + "M";
        var seconds = time.Seconds + (time.Milliseconds / 1000.0);
        if (seconds > 0) text += seconds.ToString("0.###", CultureInfo.InvariantCulture) + "S";
        return text;
    }

    [GeneratedRegex(@"^P(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<m>\d+)M)?(?:(?<s>\d+(?:\.\d{1,3})?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
