using FlagGrains.Mobile.Transport;

namespace FlagGrains.Mobile.Tests.Transport;

public sealed class RefetchNotificationTests
{
    [Theory]
    [InlineData("""{"type":"refetchEvaluation","etag":"\"v12\"","lastModified":1771622898}""", "\"v12\"", "1771622898")]
    [InlineData("""{"type":"refetchEvaluation","lastModified":"2026-02-20T21:28:18Z"}""", null, "2026-02-20T21:28:18Z")]
    [InlineData("""{"type":"refetchEvaluation"}""", null, null)]
    public void A_refetch_notification_gives_the_metadata_to_echo(string data, string? etag, string? lastModified)
    {
        Assert.Equal(new RefetchMetadata(etag, lastModified), RefetchNotification.TryRead(new SseEvent("1", "message", data)));
    }

    [Theory]
    [InlineData("message", """{"type":"fullConfig"}""")]
    [InlineData("message", """{"etag":"\"v1\""}""")]
    [InlineData("message", "not json")]
    [InlineData("message", "[]")]
    [InlineData("refetchEvaluation", """{"type":"refetchEvaluation"}""")]
    public void Anything_else_is_not_a_notification(string type, string data)
    {
        Assert.Null(RefetchNotification.TryRead(new SseEvent("1", type, data)));
    }
}
