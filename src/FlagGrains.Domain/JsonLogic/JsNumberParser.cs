using System.Globalization;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// JavaScript's two string-to-number conversions: <c>Number(s)</c> (whole string, hex/octal/binary
/// prefixes, "" is 0) and <c>parseFloat(s)</c> (longest decimal prefix). .NET parsing accepts other
/// shapes ("1,000" with some styles, no "0x"), so the grammar is matched here before parsing.
/// </summary>
internal static class JsNumberParser
{
    /// <summary>JavaScript <c>Number(string)</c>.</summary>
    public static double StringToNumber(string text)
    {
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return 0;
        }

        if (span.Length > 2 && span[0] == '0')
        {
            var radix = span[1] switch
            {
                'x' or 'X' => 16,
                'o' or 'O' => 8,
                'b' or 'B' => 2,
                _ => 0,
            };
            if (radix != 0)
            {
                return ParseRadix(span[2..], radix);
            }
        }

        var length = MatchDecimalLiteral(span);
        if (length != span.Length)
        {
            return double.NaN;
        }

        return ParseMatchedDecimal(span);
    }

    public static double ParseFloatPrefix(ReadOnlySpan<char> span)
    {
        var length = MatchDecimalLiteral(span);
        return length == 0 ? double.NaN : ParseMatchedDecimal(span[..length]);
    }

    private static double ParseMatchedDecimal(ReadOnlySpan<char> literal)
    {
        var unsigned = literal[0] is '+' or '-' ? literal[1..] : literal;
        if (unsigned.SequenceEqual("Infinity"))
        {
            return literal[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        }

        return double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Length of the longest prefix that is a JavaScript StrDecimalLiteral, or 0.</summary>
    private static int MatchDecimalLiteral(ReadOnlySpan<char> span)
    {
        var i = 0;
        if (i < span.Length && span[i] is '+' or '-')
        {
            i++;
        }

        if (span[i..].StartsWith("Infinity", StringComparison.Ordinal))
        {
            return i + "Infinity".Length;
        }

        var integerDigits = CountDigits(span, i);
        i += integerDigits;
        var fractionDigits = 0;
        if (i < span.Length && span[i] == '.')
        {
            fractionDigits = CountDigits(span, i + 1);
            if (integerDigits > 0 || fractionDigits > 0)
            {
                i += 1 + fractionDigits;
            }
        }

        if (integerDigits == 0 && fractionDigits == 0)
        {
            return 0;
        }

        if (i < span.Length && span[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < span.Length && span[j] is '+' or '-')
            {
                j++;
            }

            var exponentDigits = CountDigits(span, j);
            if (exponentDigits > 0)
            {
                i = j + exponentDigits;
            }
        }

        return i;
    }

    private static int CountDigits(ReadOnlySpan<char> span, int start)
    {
        var i = start;
        while (i < span.Length && char.IsAsciiDigit(span[i]))
        {
            i++;
        }

        return i - start;
    }

    private static double ParseRadix(ReadOnlySpan<char> digits, int radix)
    {
        double result = 0;
        foreach (var c in digits)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0'
                : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10
                : int.MaxValue;
            if (digit >= radix)
            {
                return double.NaN;
            }

            result = (result * radix) + digit;
        }

        return result;
    }
}
