namespace FlagGrains.ClusterTls;

/// <summary>The TLS settings cannot work; the message is one line saying what to fix.</summary>
public sealed class ClusterTlsException(string message, Exception? inner = null) : Exception(message, inner);
