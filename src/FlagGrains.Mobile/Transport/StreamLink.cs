namespace FlagGrains.Mobile.Transport;

/// <summary>An SSE entry of a bulk response's <c>eventStreams</c>. The URL carries a credential: never log or persist it.</summary>
internal sealed record StreamLink(Uri Url, TimeSpan? InactivityDelay);
