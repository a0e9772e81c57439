using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlagGrains.Grains.Webhooks;

/// <summary>
/// What webhook delivery needs in a silo: options from <c>FlagGrains:Webhooks</c>, the destination guard and the
/// sender. The host adds an <see cref="IWebhookSecretProtector"/> and a reminder service.
/// </summary>
public static class WebhookServiceExtensions
{
    public static IServiceCollection AddFlagGrainsWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, OptionsValidator>());
        services.TryAddSingleton<WebhookDestinations>();
        services.TryAddSingleton<WebhookSender>();
        return services;
    }

    private sealed class OptionsValidator : IValidateOptions<WebhookOptions>
    {
        public ValidateOptionsResult Validate(string? name, WebhookOptions options) =>
            options.IsValid(out var problem) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail($"{WebhookOptions.Section}: {problem}");
    }
}
