namespace FlagGrains.Mobile.Transport;

/// <summary>One dispatched server-sent event.</summary>
internal sealed record SseEvent(string? Id, string Type, string Data);
