namespace FlagGrains.Contracts.Access;

/// <summary>Client keys ship inside apps (public by nature); server keys are secret.</summary>
[GenerateSerializer, Alias("FlagGrains.ApiKeyKind")]
public enum ApiKeyKind
{
    Client = 0,
    Server = 1,
}
