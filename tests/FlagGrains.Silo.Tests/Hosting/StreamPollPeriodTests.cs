using FlagGrains.Contracts;
using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace FlagGrains.Silo.Tests.Hosting;

/// <summary>The version-bump stream's poll period is the operator's to set, within bounds.</summary>
public sealed class StreamPollPeriodTests
{
    [Fact]
    public async Task The_stream_agents_poll_at_the_configured_period()
    {
        await using var silo = new SiloFactory().WithWebHostBuilder(builder => builder.UseSetting("FlagGrains:Gateway:StreamPollPeriod", "00:00:00.25"));

        var agents = silo.Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(ProviderNames.Streams);

        Assert.Equal(TimeSpan.FromMilliseconds(250), agents.GetQueueMsgsTimerPeriod);
    }

    [Fact]
    public async Task A_period_over_a_second_refuses_to_start_and_names_the_setting()
    {
        await using var silo = new SiloFactory().WithWebHostBuilder(builder => builder.UseSetting("FlagGrains:Gateway:StreamPollPeriod", "00:00:05"));

        var refused = Assert.ThrowsAny<Exception>(() => silo.CreateClient().Dispose());

        Assert.Contains("StreamPollPeriod", refused.ToString(), StringComparison.Ordinal);
    }
}
