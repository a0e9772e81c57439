using FlagGrains.Grains.Webhooks;
using FlagGrains.Persistence;
using Orleans.Configuration;

namespace FlagGrains.Silo.Hosting;

/// <summary>
/// Orleans reminders in our own reminder table (src/FlagGrains.Persistence migrations), in the same database as grain
/// state: SQLite for a single silo, PostgreSQL for a cluster. Webhook deliveries use them to survive a silo's loss.
/// </summary>
public static class ReminderHosting
{
    private static readonly TimeSpan OrleansMinimumPeriod = TimeSpan.FromMinutes(1);

    public static ISiloBuilder AddFlagGrainsReminders(this ISiloBuilder silo, StorageOptions storage, IConfiguration configuration)
    {
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = storage.Provider == StorageProvider.PostgreSql ? AdoNetInvariants.PostgreSql : AdoNetInvariants.Sqlite;
            o.ConnectionString = storage.ResolveConnectionString();
        });

        // A webhook reminder period below Orleans' one-minute floor (tests, impatient operators) lowers the floor too.
        var webhookPeriod = configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>()?.ReminderPeriod ?? OrleansMinimumPeriod;
        if (webhookPeriod < OrleansMinimumPeriod) silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = webhookPeriod);
        return silo;
    }
}
