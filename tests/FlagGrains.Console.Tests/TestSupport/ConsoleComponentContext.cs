using FlagGrains.AdminConsole.Access;
using FlagGrains.AdminConsole.Workspace;
using FlagGrains.Contracts.Access;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlagGrains.AdminConsole.Tests.TestSupport;

/// <summary>
/// A bunit context whose components reach the real silo's grains, signed in as a real admin token of a role:
/// the guard checks the directory as it does in production.
/// </summary>
public sealed class ConsoleComponentContext : BunitContext
{
    private ConsoleComponentContext(ConsoleSilo silo, ConsoleUser user)
    {
        User = user;
        JSInterop.Mode = JSRuntimeMode.Loose;

        // Pages read grains on first render; on a busy machine that can take longer than bunit's 1 s default.
        // An upper bound for waiting on a condition, not a timing assertion.
        DefaultWaitTimeout = TimeSpan.FromSeconds(30);
        Services.AddSingleton(silo.Services.GetRequiredService<IGrainFactory>());
        Services.AddSingleton<AdminTokens>();
        Services.AddScoped<ConsoleGuard>();
        Services.AddScoped<EnvironmentWorkspace>();
        Services.AddScoped<GovernanceWorkspace>();
        Services.AddScoped<AutomationWorkspace>();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        var authorization = AddAuthorization();
        authorization.SetAuthorized(user.Name);
        authorization.SetClaims([.. user.ToPrincipal().Claims]);
    }

    public ConsoleUser User { get; }

    public static async Task<ConsoleComponentContext> SignedInAsync(ConsoleSilo silo, AdminRole role, DateTimeOffset? sessionEnds = null)
    {
        var name = $"{role.ToString().ToLowerInvariant()} in a component test";
        var (id, _) = await silo.CreateAdminTokenAsync(name, role.ToString().ToLowerInvariant());
        return new ConsoleComponentContext(silo, new ConsoleUser(id, name, role, sessionEnds ?? DateTimeOffset.UtcNow.AddHours(1)));
    }

    public EnvironmentWorkspace Workspace => Services.GetRequiredService<EnvironmentWorkspace>();
}
