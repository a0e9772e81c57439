using FlagGrains.Contracts;
using FlagGrains.Contracts.Releases;
using FlagGrains.Contracts.Webhooks;
using FlagGrains.Grains.Tests.TestSupport;
using FlagGrains.Testing;
using Orleans.Core.Internal;

namespace FlagGrains.Grains.Tests.Releases;

/// <summary>A release's webhook events are stored with the step they announce, so losing the send loses nothing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReleaseAnnouncementTests(ClusterFixture fixture)
{
    private readonly AutomationDriver _automation = new(fixture);

    [Fact]
    public async Task A_step_announced_while_the_registry_is_unreachable_reaches_it_afterwards_even_from_a_new_activation()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var id = GrainKeys.NewReleaseId();
        var actor = $"release:{id}";

        using (WebhookPublishProbe.Refuse(actor))
        {
            var created = await _automation.Release(id).CreateAsync(AutomationDriver.Plan(environment, (10, TimeSpan.FromHours(1)), (100, null)), AutomationDriver.Alice);
            Assert.Equal(AutomationCommandStatus.Done, created.Status);

            // The activation that took the step goes away before it could send the announcement (as with its silo).
            await _automation.Release(id).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
            Assert.Empty(WebhookPublishProbe.PublishedBy(actor));
        }

        Assert.Equal(0, (await _automation.Release(id).GetAsync())!.CurrentStep);
        await Poll.UntilAsync("the step's webhook event reaches the registry", TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50),
            () => Task.FromResult(WebhookPublishProbe.PublishedBy(actor).Any(e => e.Type == WebhookEventTypes.ReleaseStep)));
    }
}
