namespace FlagGrains.Grains.Access;

/// <summary>Persisted stream-signing key. The type name is part of stored rows; do not rename.</summary>
[GenerateSerializer, Alias("FlagGrains.StreamSigningKeyState")]
public sealed class StreamSigningKeyState
{
    [Id(0)] public byte[] Key { get; set; } = [];
}
