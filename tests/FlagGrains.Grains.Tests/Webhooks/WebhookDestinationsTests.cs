using System.Net;
using FlagGrains.Grains.Webhooks;
using Microsoft.Extensions.Options;

namespace FlagGrains.Grains.Tests.Webhooks;

public sealed class WebhookDestinationsTests
{
    private static WebhookDestinations With(params string[] allowed) => new(Options.Create(new WebhookOptions { AllowedHosts = [.. allowed] }));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.0.0.5")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:0a00:0001::1")]
    public void Loopback_private_link_local_and_reserved_addresses_are_not_public(string address) =>
        Assert.False(WebhookDestinations.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:1.1.1.1")]
    public void Internet_addresses_are_public(string address) =>
        Assert.True(WebhookDestinations.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void The_allow_list_admits_names_addresses_and_ranges_and_nothing_else()
    {
        var destinations = With("hooks.internal", "127.0.0.1", "10.20.0.0/16");

        Assert.True(destinations.IsAllowed("hooks.internal", IPAddress.Parse("10.9.9.9")));
        Assert.True(destinations.IsAllowed("HOOKS.internal.", IPAddress.Parse("10.9.9.9")));
        Assert.True(destinations.IsAllowed("other.example", IPAddress.Parse("127.0.0.1")));
        Assert.True(destinations.IsAllowed("other.example", IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.True(destinations.IsAllowed("other.example", IPAddress.Parse("10.20.3.4")));
        Assert.False(destinations.IsAllowed("other.example", IPAddress.Parse("10.21.3.4")));
        Assert.False(destinations.IsAllowed("other.example", IPAddress.Parse("127.0.0.2")));
        Assert.False(With().IsAllowed("localhost", IPAddress.Loopback));
    }

    [Fact]
    public async Task Names_are_judged_by_every_address_they_resolve_to()
    {
        var (addresses, problem) = await With().ResolveAsync("localhost", CancellationToken.None);
        Assert.Empty(addresses);
        Assert.Contains("AllowedHosts", problem, StringComparison.Ordinal);

        var (allowed, none) = await With("localhost").ResolveAsync("localhost", CancellationToken.None);
        Assert.Null(none);
        Assert.Contains(allowed, IPAddress.IsLoopback);

        var (_, missing) = await With().ResolveAsync("no-such-host.invalid", CancellationToken.None);
        Assert.Contains("does not resolve", missing, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("relative/path")]
    [InlineData("ftp://example.com/x")]
    [InlineData("https://user:secret@example.com/x")]
    [InlineData("https://example.com/x#fragment")]
    [InlineData("file:///etc/passwd")]
    public void Malformed_urls_are_refused(string? url) => Assert.NotNull(WebhookDestinations.ShapeProblem(url, out _));

    [Fact]
    public void Allow_list_entries_are_checked_at_start()
    {
        Assert.True(new WebhookOptions { AllowedHosts = ["127.0.0.1", "::1", "hooks.internal", "10.0.0.0/8"] }.IsValid(out _));
        Assert.False(new WebhookOptions { AllowedHosts = ["not a host"] }.IsValid(out var problem));
        Assert.Contains("not a host", problem, StringComparison.Ordinal);
        Assert.False(new WebhookOptions { FirstRetryDelay = TimeSpan.FromHours(2) }.IsValid(out _));
    }
}
