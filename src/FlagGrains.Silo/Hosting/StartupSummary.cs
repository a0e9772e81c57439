using FlagGrains.AdminConsole;
using FlagGrains.Silo.Apis.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FlagGrains.Silo.Hosting;

/// <summary>
/// The last lines of a silo's start-up log: where it listens, where the console is and where its data lives. Orleans'
/// option dumps are kept at Debug (appsettings.json), so these fit on the screen a newcomer is looking at.
/// </summary>
public sealed partial class StartupSummary(
    IHostApplicationLifetime lifetime,
    IServer server,
    StorageOptions storage,
    SiloClusterOptions cluster,
    IServiceProvider services,
    ILogger<StartupSummary> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        // With an internal admin listener the console and OpenAPI live there, not on the public listener.
        var first = services.GetService<AdminListener>()?.FirstUrl ?? addresses.FirstOrDefault()?.TrimEnd('/') ?? "(no HTTP listener)";
        LogListening(logger, string.Join(", ", addresses), cluster.SiloPort, cluster.GatewayPort);
        LogConsole(logger, first + ConsoleHostingExtensions.BasePath, first + "/openapi/v1.json");
        LogData(logger, DataLocation());
    }

    /// <summary>The SQLite file's full path, or which server holds the data (never a connection string: it may hold a password).</summary>
    private string DataLocation() => storage switch
    {
        { Provider: StorageProvider.Sqlite, ConnectionString: null } => Path.GetFullPath(storage.SqlitePath) + " (SQLite)",
        { Provider: StorageProvider.Sqlite } => "the SQLite database named by FlagGrains:Storage:ConnectionString",
        _ => $"{storage.Provider} (FlagGrains:Storage:ConnectionString)",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "FlagGrains silo listening on {Addresses} (Orleans silo port {SiloPort}, gateway port {GatewayPort})")]
    private static partial void LogListening(ILogger logger, string addresses, int siloPort, int gatewayPort);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin console: {Console} · OpenAPI: {OpenApi}")]
    private static partial void LogConsole(ILogger logger, string console, string openApi);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data: {Location}")]
    private static partial void LogData(ILogger logger, string location);
}
