namespace FlagGrains.Mobile.Storage;

/// <summary>
/// One file per name in a folder the app owns. Use the app's persistent data folder (MAUI:
/// <c>FileSystem.AppDataDirectory</c>, Unity: <c>Application.persistentDataPath</c>) so the cache survives app
/// upgrades; cache folders may be purged by the OS.
/// </summary>
public sealed class FileFlagStore : IFlagStore
{
    public FileFlagStore(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory)) throw new ArgumentException("A directory is required.", nameof(directory));
        Directory = directory;
    }

    /// <summary><c>{LocalApplicationData}/FlagGrains</c>: the default when no store is configured. Touches no disk until used.</summary>
    public static FileFlagStore ForCurrentUser() =>
        new(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "FlagGrains"));

    public string Directory { get; }

    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        return Task.Run<byte[]?>(() => File.Exists(path) ? File.ReadAllBytes(path) : null, cancellationToken);
    }

    public Task WriteAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        return Task.Run(
            () =>
            {
                System.IO.Directory.CreateDirectory(Directory);

                // Written aside and swapped in, so a crash mid-write leaves the previous file intact.
                var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
                File.WriteAllBytes(temporary, content);
                if (File.Exists(path))
                    File.Replace(temporary, path, destinationBackupFileName: null);
                else
                    File.Move(temporary, path);
            },
            cancellationToken);
    }

    private string PathOf(string name)
    {
        if (name.Length == 0 || name.Any(c => !(char.IsLetterOrDigit(c) || c is '-' or '.' or '_')) || name.Contains(".."))
            throw new ArgumentException($"'{name}' is not a store name.", nameof(name));
        return Path.Combine(Directory, name);
    }
}
