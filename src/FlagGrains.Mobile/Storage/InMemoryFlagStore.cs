using System.Collections.Concurrent;

namespace FlagGrains.Mobile.Storage;

/// <summary>Keeps nothing across processes: for tests, previews and apps that must not write to disk.</summary>
public sealed class InMemoryFlagStore : IFlagStore
{
    private readonly ConcurrentDictionary<string, byte[]> _content = new(StringComparer.Ordinal);

    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_content.TryGetValue(name, out var content) ? content : null);

    public Task WriteAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        _content[name] = content;
        return Task.CompletedTask;
    }
}
