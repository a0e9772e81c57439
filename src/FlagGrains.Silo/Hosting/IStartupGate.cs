namespace FlagGrains.Silo.Hosting;

/// <summary>
/// A check the silo passes before its host starts (Program runs every registered gate in order). A gate that
/// refuses logs one line saying what to do and throws <see cref="StartupRefusedException"/>: exit code 2.
/// </summary>
public interface IStartupGate
{
    Task EnsureAsync();
}
