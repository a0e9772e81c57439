namespace FlagGrains.Silo.Hosting;

/// <summary>Bound from <c>FlagGrains:Bootstrap</c>.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "FlagGrains:Bootstrap";

    /// <summary>Shortest admin token an operator may choose: generated tokens carry 256 random bits.</summary>
    public const int MinimumTokenLength = 32;

    /// <summary>
    /// The first admin token, stored (hashed) only while no admin token exists. When absent on a fresh database a
    /// token is generated: printed when standard output is a terminal, otherwise written once to <see cref="TokenFile"/>.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>
    /// Where a generated first token goes when standard output is not a terminal (containers log it). Readable by the
    /// silo's user only; default <c>bootstrap-admin-token</c> beside the SQLite file, or in <c>./data</c>.
    /// </summary>
    public string? TokenFile { get; set; }

    /// <exception cref="StartupRefusedException">A configured token is too short to be a secret.</exception>
    public static void Check(IConfiguration configuration)
    {
        var token = configuration[$"{Section}:AdminToken"];
        if (string.IsNullOrWhiteSpace(token) || token.Trim().Length >= MinimumTokenLength) return;
        throw new StartupRefusedException(
            $"{Section}:AdminToken has {token.Trim().Length} characters; use at least {MinimumTokenLength} random ones (e.g. `openssl rand -base64 32`), or leave it unset to have one generated.");
    }
}
