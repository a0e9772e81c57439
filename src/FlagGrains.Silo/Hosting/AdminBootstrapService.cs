using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Domain.Access;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Hosting;

/// <summary>
/// Seeds the first admin token on a fresh database so the admin API can be reached at all. A generated token is shown
/// on the terminal, or, when standard output is not one (a container's output is a log pipeline), written once to a
/// file only the silo's user can read; only that file's path is logged.
/// </summary>
public sealed partial class AdminBootstrapService(
    IGrainFactory grains,
    IOptions<BootstrapOptions> options,
    StorageOptions storage,
    ILogger<AdminBootstrapService> logger) : IHostedService
{
    private const string DefaultFileName = "bootstrap-admin-token";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.AdminToken;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (await BootstrapAsync(configured)) LogBootstrapped(logger);
            return;
        }

        var token = ApiKeyFormat.CreateAdmin().Token;
        if (!Console.IsOutputRedirected)
        {
            if (!await BootstrapAsync(token)) return;
            await Console.Out.WriteLineAsync($"""

                ============================================================
                FlagGrains generated the first admin token (shown once):
                {token}
                Set FlagGrains__Bootstrap__AdminToken to choose your own.
                ============================================================

                """);
            LogBootstrapped(logger);
            return;
        }

        // Written before the token is stored, so a stored token always has its file; dropped when it was not needed.
        var path = Path.GetFullPath(options.Value.TokenFile ?? Path.Combine(DefaultFolder(), DefaultFileName));
        var pending = path + ".pending";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(pending);
        await OwnerOnlyFile.WriteNewAsync(pending, token + Environment.NewLine, cancellationToken);
        try
        {
            if (!await BootstrapAsync(token)) return;
            File.Move(pending, path, overwrite: true);
            LogWrittenToFile(logger, path);
        }
        finally
        {
            File.Delete(pending);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Task<bool> BootstrapAsync(string token) =>
        grains.GetGrain<IAdminDirectoryGrain>(GrainKeys.AdminDirectory).BootstrapAsync(ApiKeyFormat.Sha256Hex(token), "bootstrap");

    private string DefaultFolder() =>
        storage.Provider == StorageProvider.Sqlite && storage.ConnectionString is null
            ? Path.GetDirectoryName(Path.GetFullPath(storage.SqlitePath))!
            : Path.GetFullPath("data");

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin directory was empty; the bootstrap admin token was stored (hashed)")]
    private static partial void LogBootstrapped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin directory was empty; a generated first admin token was stored (hashed) and written to {Path}, readable by this user only. Read it, keep it safe, then delete the file")]
    private static partial void LogWrittenToFile(ILogger logger, string path);
}
