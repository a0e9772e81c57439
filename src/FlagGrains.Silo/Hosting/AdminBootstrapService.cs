using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Domain.Access;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Hosting;

/// <summary>Seeds the first admin token on a fresh database so the admin API can be reached at all.</summary>
public sealed partial class AdminBootstrapService(
    IGrainFactory grains,
    IOptions<BootstrapOptions> options,
    ILogger<AdminBootstrapService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.AdminToken;
        var token = string.IsNullOrWhiteSpace(configured) ? ApiKeyFormat.CreateAdmin().Token : configured;
        var directory = grains.GetGrain<IAdminDirectoryGrain>(GrainKeys.AdminDirectory);
        if (!await directory.BootstrapAsync(ApiKeyFormat.Sha256Hex(token), "bootstrap")) return;

        if (string.IsNullOrWhiteSpace(configured))
        {
            // Deliberately not through the logger: log sinks keep copies, and this secret is shown exactly once.
            await Console.Out.WriteLineAsync($"""

                ============================================================
                FlagGrains generated the first admin token (shown once):
                {token}
                Set FlagGrains__Bootstrap__AdminToken to choose your own.
                ============================================================

                """);
        }

        LogBootstrapped(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin directory was empty; the bootstrap admin token was stored (hashed)")]
    private static partial void LogBootstrapped(ILogger logger);
}
