using System.Text.Json;
using FlagGrains.Domain.Model;
using Microsoft.Extensions.Logging;

using FlagGrains.Serving.Snapshots;

namespace FlagGrains.Client.Sync;

/// <summary>
/// The last snapshot of each environment on local disk, so a service restarted while the cluster is unreachable
/// answers from it instead of returning defaults. Holds rules only, never key digests. Each write replaces the file
/// whole (write, then rename), so a crash mid-write leaves the previous version, not a torn file.
/// </summary>
internal sealed partial class SnapshotFileCache(string directory, RuleLimits limits, ILogger logger)
{
    /// <summary>Environment names contain no '.', so <c>{project}.{environment}</c> is unambiguous.</summary>
    public string PathOf(string environmentKey) =>
        Path.Combine(directory, environmentKey.Replace('/', '.') + ".snapshot.json");

    public ServingSnapshot? TryLoad(string environmentKey)
    {
        var path = PathOf(environmentKey);
        if (!File.Exists(path)) return null;
        try
        {
            var stored = JsonSerializer.Deserialize<StoredSnapshot>(File.ReadAllBytes(path))
                ?? throw new InvalidDataException("The file holds JSON null.");
            if (stored.Environment != environmentKey)
                throw new InvalidDataException($"The file belongs to environment '{stored.Environment}'.");
            return ServingSnapshot.FromDocument(stored.Environment, stored.Version, stored.UpdatedAt, stored.Document, limits);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
        {
            // An unreadable cache only costs the head start; the cluster remains the source.
            LogUnreadable(logger, ex, path);
            return null;
        }
    }

    public void Save(ServingSnapshot snapshot)
    {
        var path = PathOf(snapshot.EnvironmentKey);
        try
        {
            Directory.CreateDirectory(directory);
            var temporary = path + ".tmp";
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new StoredSnapshot(snapshot.EnvironmentKey, snapshot.Version, snapshot.UpdatedAt, snapshot.DocumentJson));
            File.WriteAllBytes(temporary, bytes);

            // Rules may name users in targeting lists: readable by this service's account only.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Evaluations do not depend on the cache; the next version tries again.
            LogUnwritable(logger, ex, path);
        }
    }

    private sealed record StoredSnapshot(string Environment, long Version, DateTimeOffset UpdatedAt, string? Document);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot cache {Path} is unreadable; waiting for the cluster instead")]
    private static partial void LogUnreadable(ILogger logger, Exception ex, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot cache {Path} could not be written")]
    private static partial void LogUnwritable(ILogger logger, Exception ex, string path);
}
