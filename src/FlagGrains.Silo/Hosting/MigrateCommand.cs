using FlagGrains.Persistence;

namespace FlagGrains.Silo.Hosting;

/// <summary>
/// <c>FlagGrains.Silo migrate [--status]</c>: the explicit schema step of cluster mode, run by an operator or a deploy job
/// with DDL rights, so silos themselves never need them. Reads the same configuration sources as the silo.
/// </summary>
public static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var statusOnly = args.Contains("--status");
        var storage = CommandConfiguration.Storage(args.Where(a => a != "--status").ToArray());
        var kind = storage.Kind;
        var migrator = new SchemaMigrator();
        try
        {
            if (statusOnly)
            {
                var status = await migrator.GetStatusAsync(kind, storage.ResolveConnectionString());
                Console.WriteLine($"{kind} schema: version {status.CurrentVersion}, this build expects {status.ExpectedVersion} ({status.State}).");
                return status.IsBehind ? 1 : 0;
            }

            var report = await migrator.MigrateAsync(kind, storage.ResolveConnectionString());
            foreach (var applied in report.Applied) Console.WriteLine($"applied {applied}");
            Console.WriteLine($"{kind} schema is at version {report.CurrentVersion} (was {report.PreviousVersion}).");
            return 0;
        }
        catch (Exception ex) when (ex is SchemaMigrationException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"migrate failed: {ex.Message}");
            return 1;
        }
    }
}
