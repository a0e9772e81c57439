namespace FlagGrains.Silo.Hosting;

/// <summary>The silo must not start (schema missing or behind, database unreachable); the message says what to do.</summary>
public sealed class StartupRefusedException(string message, Exception? inner = null) : Exception(message, inner);
