using System.Text;
using FlagGrains.Domain.JsonLogic;

namespace FlagGrains.Domain.Tests.JsonLogic;

public sealed class PropertyNamesTests
{
    [Fact]
    public void The_same_name_is_one_string_however_often_it_is_read()
    {
        var first = PropertyNames.TryGet("appVersion-shared-test"u8);
        var second = PropertyNames.TryGet(Encoding.UTF8.GetBytes("appVersion-shared-test"));

        Assert.Equal("appVersion-shared-test", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void Non_ascii_names_are_decoded()
    {
        Assert.Equal("größe-ü", PropertyNames.TryGet(Encoding.UTF8.GetBytes("größe-ü")));
    }

    [Fact]
    public void Escaped_and_overlong_names_are_left_to_the_decoder()
    {
        Assert.Null(PropertyNames.TryGet("""k\u00e9"""u8));
        Assert.Null(PropertyNames.TryGet(Encoding.UTF8.GetBytes(new string('n', 65))));
    }
}
