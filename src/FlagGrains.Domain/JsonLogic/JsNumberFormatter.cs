using System.Globalization;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// ECMAScript Number::toString. Strings built from numbers (cat, variant names, bucketing keys) must
/// match what other flagd implementations produce, e.g. 1e21 and 0.000001 differ from .NET's "R" output.
/// </summary>
internal static class JsNumberFormatter
{
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return "0";
        }

        if (Math.Abs(value) < 1e15 && value == Math.Floor(value))
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        // "E16" is not shortest; "R" is shortest round-trip on .NET Core 3.0+, so take its digits.
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        ExtractDigits(roundTrip, out var digits, out var exponent);
        var sign = value < 0 ? "-" : string.Empty;
        return sign + Layout(digits, exponent);
    }

    /// <summary>Splits "R" output into significant digits and n such that value = 0.digits × 10^n.</summary>
    private static void ExtractDigits(string roundTrip, out string digits, out int exponent)
    {
        var ePosition = roundTrip.IndexOfAny(['E', 'e']);
        var mantissa = ePosition < 0 ? roundTrip : roundTrip[..ePosition];
        var exponentPart = ePosition < 0 ? 0 : int.Parse(roundTrip.AsSpan(ePosition + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var fractionPart = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var all = integerPart + fractionPart;
        var leadingZeros = 0;
        while (leadingZeros < all.Length - 1 && all[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = all[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        exponent = integerPart.Length - leadingZeros + exponentPart;
    }

    private static string Layout(string digits, int n)
    {
        var k = digits.Length;
        if (k <= n && n <= 21)
        {
            return digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return "0." + new string('0', -n) + digits;
        }

        var exponent = n - 1;
        var exponentText = (exponent >= 0 ? "+" : "-") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        return k == 1
            ? digits + "e" + exponentText
            : digits[0] + "." + digits[1..] + "e" + exponentText;
    }
}
