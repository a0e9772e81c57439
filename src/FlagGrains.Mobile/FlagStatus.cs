namespace FlagGrains.Mobile;

/// <summary>How far the values a client serves can be trusted.</summary>
public enum FlagStatus
{
    /// <summary>Nothing from the server yet, on disk or live: code defaults and bootstrap values only.</summary>
    NotReady,

    /// <summary>Values from the server for the current context, and the change channel (stream or polling) is healthy.</summary>
    Ready,

    /// <summary>Values that may be out of date: loaded from the device cache, or the server cannot be reached right now.</summary>
    Stale,

    /// <summary>The server refused the client key (401/403). The client stopped all traffic; values stay as they were.</summary>
    Fatal,

    /// <summary>Disposed.</summary>
    Closed,
}
