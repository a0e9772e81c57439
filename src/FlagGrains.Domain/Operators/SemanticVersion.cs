namespace FlagGrains.Domain.Operators;

/// <summary>
/// A semantic version parsed the way flagd does (Go's x/mod/semver after prefixing "v"): an optional
/// v/V prefix, "1" and "1.2" as shorthands for "1.0.0" and "1.2.0", no leading zeros, prerelease and
/// build parts only on full versions, build metadata ignored. Numbers of any size compare correctly.
/// Parsing records offsets into the source string, so reading a version from the context allocates nothing.
/// </summary>
internal readonly struct SemanticVersion
{
    private readonly string _source;
    private readonly int _majorStart;
    private readonly int _majorLength;
    private readonly int _minorStart;
    private readonly int _minorLength;
    private readonly int _patchStart;
    private readonly int _patchLength;
    private readonly int _prereleaseStart;
    private readonly int _prereleaseLength;

    private SemanticVersion(string source, (int Start, int Length) major, (int Start, int Length) minor, (int Start, int Length) patch, (int Start, int Length) prerelease)
    {
        _source = source;
        (_majorStart, _majorLength) = major;
        (_minorStart, _minorLength) = minor;
        (_patchStart, _patchLength) = patch;
        (_prereleaseStart, _prereleaseLength) = prerelease;
    }

    private ReadOnlySpan<char> Major => _source.AsSpan(_majorStart, _majorLength);

    // A shorthand ("1", "1.2") has no minor/patch digits; length 0 stands for "0".
    private ReadOnlySpan<char> Minor => _minorLength == 0 ? "0" : _source.AsSpan(_minorStart, _minorLength);

    private ReadOnlySpan<char> Patch => _patchLength == 0 ? "0" : _source.AsSpan(_patchStart, _patchLength);

    private ReadOnlySpan<char> Prerelease => _source.AsSpan(_prereleaseStart, _prereleaseLength);

    public static bool TryParse(string text, out SemanticVersion version)
    {
        version = default;
        var span = text.AsSpan();
        var i = span.Length > 0 && span[0] is 'v' or 'V' ? 1 : 0;
        if (!TryReadNumber(span, ref i, out var major))
        {
            return false;
        }

        (int, int) minor = default;
        (int, int) patch = default;
        (int, int) prerelease = default;
        if (i < span.Length)
        {
            if (span[i++] != '.' || !TryReadNumber(span, ref i, out minor))
            {
                return false;
            }

            if (i < span.Length)
            {
                if (span[i++] != '.' || !TryReadNumber(span, ref i, out patch))
                {
                    return false;
                }

                if (i < span.Length && span[i] == '-')
                {
                    var start = ++i;
                    if (!TryReadIdentifiers(span, ref i, numericRule: true))
                    {
                        return false;
                    }

                    prerelease = (start, i - start);
                }

                if (i < span.Length && span[i] == '+')
                {
                    i++;
                    if (!TryReadIdentifiers(span, ref i, numericRule: false))
                    {
                        return false;
                    }
                }

                if (i != span.Length)
                {
                    return false;
                }
            }
        }

        version = new SemanticVersion(text, major, minor, patch, prerelease);
        return true;
    }

    public int CompareTo(in SemanticVersion other)
    {
        var result = CompareNumbers(Major, other.Major);
        if (result == 0)
        {
            result = CompareNumbers(Minor, other.Minor);
        }

        if (result == 0)
        {
            result = CompareNumbers(Patch, other.Patch);
        }

        return result != 0 ? result : ComparePrerelease(Prerelease, other.Prerelease);
    }

    public bool SameMajor(in SemanticVersion other) => CompareNumbers(Major, other.Major) == 0;

    public bool SameMinor(in SemanticVersion other) => SameMajor(other) && CompareNumbers(Minor, other.Minor) == 0;

    private static bool TryReadNumber(ReadOnlySpan<char> span, ref int i, out (int Start, int Length) number)
    {
        var start = i;
        while (i < span.Length && char.IsAsciiDigit(span[i]))
        {
            i++;
        }

        number = (start, i - start);
        return number.Length == 1 || (number.Length > 1 && span[start] != '0');
    }

    private static bool TryReadIdentifiers(ReadOnlySpan<char> span, ref int i, bool numericRule)
    {
        while (true)
        {
            var start = i;
            var allDigits = true;
            while (i < span.Length && (char.IsAsciiLetterOrDigit(span[i]) || span[i] == '-'))
            {
                allDigits &= char.IsAsciiDigit(span[i]);
                i++;
            }

            var length = i - start;
            if (length == 0 || (numericRule && allDigits && length > 1 && span[start] == '0'))
            {
                return false;
            }

            if (i < span.Length && span[i] == '.')
            {
                i++;
                continue;
            }

            return true;
        }
    }

    /// <summary>Compares digit strings without leading zeros: longer is larger, then lexical.</summary>
    private static int CompareNumbers(ReadOnlySpan<char> left, ReadOnlySpan<char> right) =>
        left.Length != right.Length ? left.Length.CompareTo(right.Length) : Math.Sign(left.SequenceCompareTo(right));

    private static int ComparePrerelease(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        if (left.IsEmpty || right.IsEmpty)
        {
            // A release sorts after any prerelease of the same version.
            return left.IsEmpty == right.IsEmpty ? 0 : left.IsEmpty ? 1 : -1;
        }

        while (true)
        {
            var leftEnd = left.IndexOf('.');
            var rightEnd = right.IndexOf('.');
            var leftPart = leftEnd < 0 ? left : left[..leftEnd];
            var rightPart = rightEnd < 0 ? right : right[..rightEnd];
            var result = CompareIdentifier(leftPart, rightPart);
            if (result != 0)
            {
                return result;
            }

            if (leftEnd < 0 || rightEnd < 0)
            {
                return leftEnd < 0 && rightEnd < 0 ? 0 : leftEnd < 0 ? -1 : 1;
            }

            left = left[(leftEnd + 1)..];
            right = right[(rightEnd + 1)..];
        }
    }

    private static int CompareIdentifier(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        var leftNumeric = !left.ContainsAnyExceptInRange('0', '9');
        var rightNumeric = !right.ContainsAnyExceptInRange('0', '9');
        if (leftNumeric && rightNumeric)
        {
            return CompareNumbers(left, right);
        }

        if (leftNumeric != rightNumeric)
        {
            return leftNumeric ? -1 : 1;
        }

        return Math.Sign(left.SequenceCompareTo(right));
    }
}
