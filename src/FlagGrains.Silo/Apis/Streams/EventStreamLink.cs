namespace FlagGrains.Silo.Apis.Streams;

/// <summary>One entry of a bulk response's <c>eventStreams</c>: <c>{"type":"sse","url":…,"inactivityDelaySec":…}</c>.</summary>
public sealed record EventStreamLink(string Url, int InactivityDelaySec);
