namespace FlagGrains.Mobile;

/// <summary>OpenFeature error codes a <see cref="FlagDetails{T}"/> may carry.</summary>
public static class ErrorCodes
{
    public const string FlagNotFound = "FLAG_NOT_FOUND";
    public const string TypeMismatch = "TYPE_MISMATCH";
    public const string ProviderNotReady = "PROVIDER_NOT_READY";
    public const string General = "GENERAL";
}
