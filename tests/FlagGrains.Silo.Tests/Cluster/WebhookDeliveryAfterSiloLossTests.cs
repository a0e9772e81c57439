using System.Net;
using System.Net.Http.Json;
using FlagGrains.Contracts.Webhooks;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing;
using FlagGrains.Testing.Cluster;
using FlagGrains.Testing.Components;
using Xunit.Abstractions;

namespace FlagGrains.Silo.Tests.Cluster;

[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class WebhookDeliveryAfterSiloLossTests(ITestOutputHelper output)
{
    /// <summary>
    /// The receiver is allow-listed; retries and the reminder are quick so the test watches the whole path in seconds
    /// (production: 10 s first retry, one-minute reminder).
    /// </summary>
    private static readonly Dictionary<string, string?> WebhookSettings = new()
    {
        ["FlagGrains__Webhooks__AllowedHosts__0"] = "127.0.0.1",
        ["FlagGrains__Webhooks__FirstRetryDelay"] = "00:00:01",
        ["FlagGrains__Webhooks__MaxRetryDelay"] = "00:00:02",
        ["FlagGrains__Webhooks__ReminderPeriod"] = "00:00:05",
    };

    [ComponentFact(Component.PostgreSql)]
    public async Task A_delivery_still_pending_when_its_silo_is_killed_is_delivered_by_the_survivor()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var killed = false;
        receiver.AnswerWith((_, _) => Volatile.Read(ref killed) ? 200 : 503);
        await using var cluster = await SiloCluster.StartAsync(2, output.WriteLine, extra: WebhookSettings);
        await cluster.RunAsync(async () =>
        {
            var environment = EnvironmentName.New();
            var created = await (await cluster.Admin(0).PostAsJsonAsync("/admin/v1/webhooks",
                new { url = receiver.Url, events = new[] { "flag.changed" }, projects = new[] { environment.Project } })).JsonAsync(HttpStatusCode.Created);
            var webhookId = created.GetProperty("id").GetString()!;
            receiver.Secret = created.GetProperty("secret").GetString();

            await cluster.Admin(0).PutAcknowledgedAsync(environment, new("webhook", 1));
            var refused = await receiver.WaitForAsync(d => d.Answer == 503, "a first (refused) attempt");

            var hostPort = await ActivationLocator.SiloPortOfAsync(cluster, grains => grains.GetGrain<IWebhookGrain>(webhookId));
            var victim = cluster.Silos.Single(s => s.SiloPort == hostPort);
            var survivor = cluster.Silos.ToList().IndexOf(cluster.Silos.Single(s => s != victim));
            await victim.KillHardAsync();
            var sinceKill = System.Diagnostics.Stopwatch.StartNew();
            Volatile.Write(ref killed, true);
            output.WriteLine($"webhook {webhookId} was retrying on {victim.Name}; killed (-9) after {receiver.Received.Count} refused attempt(s)");

            // Nothing but the reminder can wake the webhook's grain on the survivor: no write or read touches it meanwhile.
            var applied = await receiver.WaitForAsync(d => d.Applied, "the delivery after the kill", TimeSpan.FromSeconds(120));
            output.WriteLine($"delivered by the survivor {sinceKill.ElapsedMilliseconds} ms after the kill");
            Assert.Equal(refused.Id, applied.Id);
            Assert.Equal(refused.Body, applied.Body);
            Assert.Single(receiver.Received, d => d.Applied);

            // The grain records the outcome once the receiver's answer is back, a moment after the receiver saw the call.
            System.Text.Json.JsonElement delivery = default;
            await Poll.UntilAsync("the delivery to be recorded as delivered", TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100), async () =>
            {
                var log = await (await cluster.Admin(survivor).GetAsync($"/admin/v1/webhooks/{webhookId}/deliveries")).JsonAsync(HttpStatusCode.OK);
                delivery = Assert.Single(log.GetProperty("deliveries").EnumerateArray());
                return delivery.GetProperty("status").GetString() == "delivered";
            });
            Assert.Equal(200, delivery.GetProperty("attempts").EnumerateArray().Last().GetProperty("statusCode").GetInt32());
        });
    }
}
