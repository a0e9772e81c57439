namespace FlagGrains.Persistence;

/// <summary>
/// The single failure type of <see cref="SchemaMigrator"/>: its message says what went wrong and
/// what to do, so hosts can log <see cref="Exception.Message"/> and stop without a stack trace.
/// The driver's exception, if any, is kept as <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class SchemaMigrationException : Exception
{
    public SchemaMigrationException(string message)
        : base(message)
    {
    }

    public SchemaMigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
