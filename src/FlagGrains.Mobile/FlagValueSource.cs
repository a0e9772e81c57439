namespace FlagGrains.Mobile;

/// <summary>Where a served value came from.</summary>
public enum FlagValueSource
{
    /// <summary>The default passed to the getter: nothing better is known for this flag.</summary>
    CodeDefault,

    /// <summary>The bootstrap values given at start, for a first launch without network.</summary>
    Bootstrap,

    /// <summary>The device cache written during an earlier session.</summary>
    Cache,

    /// <summary>The server, during this session.</summary>
    Server,
}
