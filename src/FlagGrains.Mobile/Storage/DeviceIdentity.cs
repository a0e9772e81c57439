using System.Text;

namespace FlagGrains.Mobile.Storage;

/// <summary>
/// A random id created on first launch and kept in the store: the targeting key of anonymous users, so rollouts put
/// a device in the same bucket on every launch.
/// </summary>
internal static class DeviceIdentity
{
    public const string StoreName = "device-id";

    public static async Task<string> LoadOrCreateAsync(IFlagStore store, Func<Guid> newId, CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync(StoreName, cancellationToken).ConfigureAwait(false);
        if (stored is { Length: > 0 and <= 128 } && Encoding.UTF8.GetString(stored).Trim() is { Length: > 0 } id) return id;

        var created = newId().ToString("N");
        await store.WriteAsync(StoreName, Encoding.UTF8.GetBytes(created), cancellationToken).ConfigureAwait(false);
        return created;
    }
}
