namespace FlagGrains.AdminConsole.Workspace;

/// <summary>One flag's answer for the previewed context, as a device would receive it.</summary>
public sealed record PreviewRow(string FlagKey, string? ValueJson, string? Variant, string Reason, string? ErrorCode, string? ErrorMessage);

/// <summary>A context attribute typed in the preview form; the value is read as JSON when it is a JSON scalar, else as text.</summary>
public sealed class PreviewAttribute
{
    public string Name { get; set; } = "";

    public string Value { get; set; } = "";
}
