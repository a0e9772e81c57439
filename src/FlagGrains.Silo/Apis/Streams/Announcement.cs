namespace FlagGrains.Silo.Apis.Streams;

/// <summary>An environment reached a version: what one notification says. Shared by every connection it goes to.</summary>
public sealed record Announcement(long Version, DateTimeOffset LastModified);
