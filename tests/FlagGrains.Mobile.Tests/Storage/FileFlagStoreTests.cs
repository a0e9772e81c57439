using System.Text;
using FlagGrains.Mobile.Storage;

namespace FlagGrains.Mobile.Tests.Storage;

public sealed class FileFlagStoreTests
{
    private readonly FileFlagStore _store = new(Path.Combine(Path.GetTempPath(), "flaggrains-tests", Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task Writes_replace_whole_files_and_leave_no_temporaries()
    {
        await _store.WriteAsync("flags-1", Encoding.UTF8.GetBytes("first"), CancellationToken.None);
        await _store.WriteAsync("flags-1", Encoding.UTF8.GetBytes("second"), CancellationToken.None);

        Assert.Equal("second", Encoding.UTF8.GetString((await _store.ReadAsync("flags-1", CancellationToken.None))!));
        Assert.Equal(["flags-1"], Directory.GetFiles(_store.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_missing_entry_reads_as_null() => Assert.Null(await _store.ReadAsync("device-id", CancellationToken.None));

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task Names_cannot_leave_the_folder(string name) =>
        await Assert.ThrowsAsync<ArgumentException>(() => _store.WriteAsync(name, [1], CancellationToken.None));
}
