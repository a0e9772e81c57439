namespace FlagGrains.Persistence.Tests.Grains;

/// <summary>A grain whose only job is to exercise the "store" ADO.NET storage provider.</summary>
public interface IStateProbeGrain : IGrainWithStringKey
{
    Task<string?> GetValue();

    Task<string?> GetETag();

    Task<bool> GetRecordExists();

    Task SetValue(string value);

    Task Clear();
}
