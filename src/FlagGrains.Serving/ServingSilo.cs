namespace FlagGrains.Serving;

/// <summary>This silo's identity in gateway keys: its address including the generation, so a restarted silo is a new one.</summary>
public sealed record ServingSilo(string Identity);
