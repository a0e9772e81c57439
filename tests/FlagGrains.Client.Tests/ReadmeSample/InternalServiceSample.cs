// README sample: an internal service that evaluates flags of shop/prod in-process.
using FlagGrains.Client.Evaluation;
using FlagGrains.Client.Hosting;
using FlagGrains.Domain.Evaluation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Shop.Shipping;

public static class InternalServiceSample
{
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);

        // Reads FlagGrains:Cluster (mode, ids, the membership-only connection string, TLS certificates),
        // and FlagGrains:Client (e.g. SnapshotCacheDirectory) for the client's own settings.
        builder.AddFlagGrainsClient(options => options.AddEnvironment("shop", "prod"));
        builder.Services.AddSingleton<ShippingFees>();
        return builder.Build();
    }
}

public sealed class ShippingFees(IFlagEvaluator flags)
{
    public decimal For(string userId, string country)
    {
        var user = EvaluationContext.FromValues(userId, new Dictionary<string, object?> { ["country"] = country });

        // Evaluated in this process from the last snapshot: no network call, never throws.
        return flags.GetBoolean("free-shipping", defaultValue: false, user) ? 0m : 4.90m;
    }
}
