using System.Security.Cryptography;
using System.Text;

namespace FlagGrains.Persistence.Internal;

/// <summary>A migration's identity plus the SQL to run and its checksum.</summary>
internal sealed record MigrationScript(int Version, string Name, string Sql)
{
    public MigrationInfo Info => new(Version, Name);

    /// <summary>
    /// SHA-256 of the script with line endings normalised, so a Windows checkout (CRLF) of an
    /// unchanged script does not look like an edited one. Computed on demand so that a copy made
    /// with <c>with { Sql = ... }</c> can never carry a stale checksum.
    /// </summary>
    public string Checksum => ComputeChecksum(Sql);

    private static string ComputeChecksum(string sql)
    {
        var normalised = sql.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }
}
