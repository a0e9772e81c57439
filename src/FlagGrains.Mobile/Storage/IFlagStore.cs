namespace FlagGrains.Mobile.Storage;

/// <summary>
/// Where the client keeps what must outlive the process: the device id and the last values per (environment,
/// targeting key). Names are short, file-name safe and contain no user data. Implementations may throw; the client
/// treats a failing store like an empty one and keeps serving from memory.
/// </summary>
public interface IFlagStore
{
    /// <summary>The content stored under <paramref name="name"/>, or null when there is none.</summary>
    Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>Replaces the content under <paramref name="name"/>; a reader sees the old or the new content, never a mix.</summary>
    Task WriteAsync(string name, byte[] content, CancellationToken cancellationToken);
}
