using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlagGrains.Silo.Apis.Streams;

public static class EventStreamServiceExtensions
{
    public static IServiceCollection AddEventStreams(this IServiceCollection services)
    {
        const string section = EventStreamOptions.Section;
        services.AddOptions<EventStreamOptions>().BindConfiguration(section)
            .Validate(o => o.CredentialLifetime >= TimeSpan.FromMinutes(1), $"{section}:CredentialLifetime must be at least a minute.")
            .Validate(o => o.HeartbeatInterval >= TimeSpan.FromSeconds(1), $"{section}:HeartbeatInterval must be at least a second.")
            .Validate(o => o.AbandonedCheckInterval >= TimeSpan.FromMilliseconds(100), $"{section}:AbandonedCheckInterval must be at least 100 ms.")
            .Validate(o => o.ReconnectDelay >= TimeSpan.Zero, $"{section}:ReconnectDelay must not be negative.")
            .Validate(o => o.InactivityDelay >= TimeSpan.FromSeconds(1), $"{section}:InactivityDelay must be at least a second (OFREP's minimum).")
            .Validate(o => o.RefetchesPerSecond > 0 && o.MaxConnections > 0, $"{section}:RefetchesPerSecond and MaxConnections must be positive.")
            .Validate(o => o.MaxConnectionsPerAddress >= 0 && o.MaxConnectionsPerKey >= 0, $"{section}:MaxConnectionsPerAddress and MaxConnectionsPerKey must not be negative (0: no cap).")
            .Validate(o => o.MaxFanOutSpread >= TimeSpan.Zero && o.RefetchWaitLimit >= TimeSpan.Zero, $"{section}:MaxFanOutSpread and RefetchWaitLimit must not be negative.")
            .Validate(o => IsUsableKey(o.SigningKey), $"{section}:SigningKey must be base64 of at least 32 bytes when set.")
            .Validate(o => o.PublicBaseUrl is null || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), $"{section}:PublicBaseUrl must be an absolute URL.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StreamSigningKeys>();
        services.AddHostedService<StreamSigningKeyLoader>();
        services.AddSingleton<EventStreamHub>();
        services.AddSingleton<EventStreamAdvertiser>();
        return services;
    }

    private static bool IsUsableKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64)) return true;
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) && written >= 32;
    }
}
