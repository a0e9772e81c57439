namespace FlagGrains.Silo.Hosting;

/// <summary>Bound from <c>FlagGrains:Bootstrap</c>.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "FlagGrains:Bootstrap";

    /// <summary>
    /// The first admin token, stored (hashed) only while no admin token exists. When absent on a fresh database a
    /// token is generated and printed once to standard output.
    /// </summary>
    public string? AdminToken { get; set; }
}
