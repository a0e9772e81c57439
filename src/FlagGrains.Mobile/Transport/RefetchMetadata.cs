namespace FlagGrains.Mobile.Transport;

/// <summary>What a change notification said, echoed on the re-fetch it triggers (OFREP ADR-0008).</summary>
internal sealed record RefetchMetadata(string? FlagConfigEtag, string? FlagConfigLastModified);
