namespace FlagGrains.Domain.Operators;

/// <summary>
/// A semantic version parsed the way flagd does (Go's x/mod/semver after prefixing "v"): an optional
/// v/V prefix, "1" and "1.2" as shorthands for "1.0.0" and "1.2.0", no leading zeros, prerelease and
/// build parts only on full versions, build metadata ignored. Numbers of any size compare correctly.
/// Parsing slices the source string, so reading a version from the context allocates nothing.
/// </summary>
internal readonly struct SemanticVersion
{
    private readonly string _source;
    private readonly Range _major;
    private readonly Range _minor;
    private readonly Range _patch;
    private readonly Range _prerelease;

    private SemanticVersion(string source, Range major, Range minor, Range patch, Range prerelease)
    {
        _source = source;
        _major = major;
        _minor = minor;
        _patch = patch;
        _prerelease = prerelease;
    }

    private ReadOnlySpan<char> Major => _source.AsSpan()[_major];

    private ReadOnlySpan<char> Minor => _major.Equals(_minor) ? "0" : _source.AsSpan()[_minor];

    private ReadOnlySpan<char> Patch => _major.Equals(_patch) ? "0" : _source.AsSpan()[_patch];

    private ReadOnlySpan<char> Prerelease => _source.AsSpan()[_prerelease];

    public static bool TryParse(string text, out SemanticVersion version)
    {
        version = default;
        var span = text.AsSpan();
        var i = span.Length > 0 && span[0] is 'v' or 'V' ? 1 : 0;
        if (!TryReadNumber(span, ref i, out var major))
        {
            return false;
        }

        // Shorthands reuse the major range as a "zero" marker, avoiding a separate flag field.
        var minor = major;
        var patch = major;
        var prerelease = new Range(span.Length, span.Length);
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

                    prerelease = new Range(start, i);
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

    private static bool TryReadNumber(ReadOnlySpan<char> span, ref int i, out Range range)
    {
        var start = i;
        while (i < span.Length && char.IsAsciiDigit(span[i]))
        {
            i++;
        }

        range = new Range(start, i);
        var length = i - start;
        return length == 1 || (length > 1 && span[start] != '0');
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
        var leftNumeric = IsNumeric(left);
        var rightNumeric = IsNumeric(right);
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

    private static bool IsNumeric(ReadOnlySpan<char> identifier)
    {
        foreach (var c in identifier)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
