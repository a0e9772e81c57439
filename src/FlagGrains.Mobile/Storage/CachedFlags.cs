using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlagGrains.Mobile.Evaluation;

namespace FlagGrains.Mobile.Storage;

/// <summary>
/// The values of one (environment, targeting key) as persisted between sessions. The format is versioned: an entry
/// this build cannot read is a cache miss, never a crash, so app upgrades and downgrades are safe. The stream URL is
/// never persisted: it carries a credential.
/// </summary>
internal sealed class CachedFlags(string contextFingerprint, string? etag, DateTimeOffset writtenAt, IReadOnlyList<FlagEvaluation> flags)
{
    private const int Format = 1;

    public string ContextFingerprint { get; } = contextFingerprint;

    public string? ETag { get; } = etag;

    public DateTimeOffset WrittenAt { get; } = writtenAt;

    public IReadOnlyList<FlagEvaluation> Flags { get; } = flags;

    /// <summary>Store name for an (environment, targeting key): hashed, so no user id appears in a file name.</summary>
    public static string NameFor(string environment, string targetingKey)
    {
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(environment + "\n" + targetingKey));
        var hex = new StringBuilder("flags-", 6 + 32);
        for (var i = 0; i < 16; i++) hex.Append(digest[i].ToString("x2", CultureInfo.InvariantCulture));
        return hex.ToString();
    }

    public byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", Format);
            writer.WriteString("context", ContextFingerprint);
            if (ETag is not null) writer.WriteString("etag", ETag);
            writer.WriteString("writtenAt", WrittenAt);
            writer.WriteStartArray("flags");
            foreach (var flag in Flags) flag.WriteTo(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Null for anything that is not an entry of this format.</summary>
    public static CachedFlags? Deserialize(byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || !format.TryGetInt32(out var version) || version != Format
                || !root.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("writtenAt", out var writtenAt) || !writtenAt.TryGetDateTimeOffset(out var written)
                || !root.TryGetProperty("flags", out var flags) || flags.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var etag = root.TryGetProperty("etag", out var tag) && tag.ValueKind == JsonValueKind.String ? tag.GetString() : null;
            var evaluations = flags.EnumerateArray().Select(FlagEvaluation.Read).Where(f => f is not null).Select(f => f!).ToList();
            return new CachedFlags(context.GetString()!, etag, written, evaluations);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
