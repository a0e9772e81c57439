using FlagGrains.Silo.Apis.Http;
using FlagGrains.Silo.Hosting;

if (args is ["migrate", ..]) return await MigrateCommand.RunAsync(args[1..]);
if (args is ["admin", "reset-token", ..]) return await ResetTokenCommand.RunAsync(args[2..]);

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddFlagGrainsSilo();
    AdminListener.AddAdminListener(builder);
    app = builder.Build();
}
catch (StartupRefusedException refused)
{
    // Settings that cannot work (certificates, a weak admin token, colliding listeners): one line, exit code 2.
    await StartupRefusal.WriteAsync(refused);
    return 2;
}

// The internal listener (FlagGrains:Http:AdminUrls), when configured, decides first which paths each listener serves.
AdminListener.UseAdminListener(app);
app.UseFlagGrainsPipeline();
try
{
    // Schema and membership are checked before the host starts so a refusal is one log line and exit code 2, not a hosting-failure trace.
    foreach (var gate in app.Services.GetServices<IStartupGate>()) await gate.EnsureAsync();
    await app.RunAsync();
}
catch (StartupRefusedException)
{
    // Already logged as one line saying what to do; a stack trace would only bury it. Disposing flushes the console
    // logger's queue, which exiting straight away could drop.
    await app.DisposeAsync();
    return 2;
}

return 0;

/// <summary>Entry point; public so functional tests can host it.</summary>
public partial class Program;
