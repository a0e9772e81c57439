using System.Text.Json.Nodes;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Webhooks;
using FlagGrains.Grains.Webhooks;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>
/// Webhooks (admin only): registered with the events and projects they want, the signing secret shown once; their
/// delivery log, and re-sending one delivery.
/// </summary>
public static class WebhookEndpoints
{
    public const int MaxDescriptionLength = 500;

    private const string Example = "{\"url\":\"https://hooks.example.com/flags\",\"events\":[\"flag.changed\"],\"projects\":[\"shop\"]}";

    public static void MapWebhookApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/webhooks", CreateAsync).RequireAdminRole(AdminRole.Admin);
        admin.MapGet("/webhooks", ListAsync).RequireAdminRole(AdminRole.Admin);
        admin.MapGet("/webhooks/{webhookId}", GetAsync).RequireAdminRole(AdminRole.Admin);
        admin.MapDelete("/webhooks/{webhookId}", DeleteAsync).RequireAdminRole(AdminRole.Admin);
        admin.MapGet("/webhooks/{webhookId}/deliveries", DeliveriesAsync).RequireAdminRole(AdminRole.Admin);
        admin.MapPost("/webhooks/{webhookId}/deliveries/{deliveryId}/resend", ResendAsync).RequireAdminRole(AdminRole.Admin);
    }

    public static async Task<IResult> CreateAsync(HttpContext http, IGrainFactory grains, WebhookDestinations destinations, IWebhookSecretProtector secrets)
    {
        var (body, problem) = await JsonObjectBody.ReadAsync(http.Request, Example);
        if (problem is not null) return problem;

        var url = body!["url"] is JsonValue u && u.TryGetValue<string>(out var text) ? text : null;
        if (WebhookDestinations.ShapeProblem(url, out var uri) is { } shape) return FieldProblems.Invalid("url", shape);
        var (_, refused) = await destinations.ResolveAsync(uri!.IdnHost, http.RequestAborted);
        if (refused is not null) return FieldProblems.Invalid("url", refused);

        if (body["events"] is not JsonArray eventArray || eventArray.Count == 0)
            return FieldProblems.Invalid("events", $"events must be a non-empty array of: {string.Join(", ", WebhookEventTypes.All)}.");
        var events = new List<string>();
        foreach (var item in eventArray)
        {
            var name = item is JsonValue v && v.TryGetValue<string>(out var s) ? s : item?.ToJsonString();
            if (!WebhookEventTypes.IsKnown(name))
                return FieldProblems.Invalid("events", $"'{name}' is not an event; they are {string.Join(", ", WebhookEventTypes.All)}.");
            events.Add(name!);
        }

        var projects = new List<string>();
        if (body["projects"] is JsonArray projectArray)
        {
            foreach (var item in projectArray)
            {
                if (item is not JsonValue v || !v.TryGetValue<string>(out var project) || !GrainKeys.IsValidName(project))
                    return FieldProblems.Invalid("projects", $"projects must be project names (1-63 characters of a-z, 0-9 and '-'); '{item?.ToJsonString()}' is not one.");
                projects.Add(project);
            }
        }
        else if (body["projects"] is not null)
        {
            return FieldProblems.Invalid("projects", "projects must be an array of project names, or left out for every project.");
        }

        string? description = null;
        if (body["description"] is { } node)
        {
            if (node is not JsonValue d || !d.TryGetValue(out description) || description.Length > MaxDescriptionLength)
                return FieldProblems.Invalid("description", $"description must be text of at most {MaxDescriptionLength} characters.");
        }

        var secret = WebhookSignature.NewSecret();
        var registration = new WebhookRegistration(uri.AbsoluteUri, events, projects, description, secrets.Protect(secret));
        var created = await Registry(grains).CreateAsync(registration, ChangeContexts.From(http));
        if (created is null) return FieldProblems.Conflict("url", "This cluster already has the most webhooks it allows; delete one first.");

        var answer = Describe(created);
        answer["secret"] = secret;
        answer["signature"] = new JsonObject
        {
            ["scheme"] = "Standard Webhooks: HMAC-SHA256 over \"{webhook-id}.{webhook-timestamp}.{body}\" with the base64-decoded part of the secret after whsec_",
            ["headers"] = new JsonArray(WebhookSender.IdHeader, WebhookSender.TimestampHeader, WebhookSender.SignatureHeader),
        };
        http.Response.Headers.Location = $"/admin/v1/webhooks/{created.Id}";
        http.Response.Headers.CacheControl = "no-store";
        return Results.Text(answer.ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> ListAsync(IGrainFactory grains) =>
        Json(new JsonObject { ["webhooks"] = new JsonArray([.. (await Registry(grains).ListAsync()).Select(Describe)]) });

    public static async Task<IResult> GetAsync(string webhookId, IGrainFactory grains) =>
        await Find(grains, webhookId) is { } webhook ? Json(Describe(webhook)) : Unknown(webhookId);

    public static async Task<IResult> DeleteAsync(string webhookId, HttpContext http, IGrainFactory grains) =>
        GrainKeys.IsWebhookId(webhookId) && await Registry(grains).DeleteAsync(webhookId, ChangeContexts.From(http))
            ? TypedResults.NoContent()
            : Unknown(webhookId);

    public static async Task<IResult> DeliveriesAsync(string webhookId, string? status, int? limit, IGrainFactory grains)
    {
        DeliveryStatus? filter = null;
        if (status is not null)
        {
            if (status is not ("pending" or "delivered" or "failed")) return FieldProblems.Invalid("status", "status must be pending, delivered or failed.");
            filter = Enum.Parse<DeliveryStatus>(status, ignoreCase: true);
        }

        if (limit is < 1 or > 500) return FieldProblems.Invalid("limit", "limit must be between 1 and 500.");
        if (await Find(grains, webhookId) is null) return Unknown(webhookId);

        var deliveries = await grains.GetGrain<IWebhookGrain>(webhookId).ListDeliveriesAsync(filter, limit ?? 100);
        return Json(new JsonObject { ["deliveries"] = new JsonArray([.. deliveries.Select(Delivery)]) });
    }

    public static async Task<IResult> ResendAsync(string webhookId, string deliveryId, IGrainFactory grains)
    {
        if (await Find(grains, webhookId) is null) return Unknown(webhookId);
        var delivery = await grains.GetGrain<IWebhookGrain>(webhookId).ResendAsync(deliveryId);
        return delivery is null
            ? FieldProblems.NotFound("deliveryId", $"Webhook '{webhookId}' has no delivery '{deliveryId}' in its log.")
            : Results.Text(Delivery(delivery).ToJsonString(), "application/json", statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<WebhookInfo?> Find(IGrainFactory grains, string webhookId) =>
        GrainKeys.IsWebhookId(webhookId) ? await Registry(grains).GetAsync(webhookId) : null;

    private static JsonObject Describe(WebhookInfo webhook) => new()
    {
        ["id"] = webhook.Id,
        ["url"] = webhook.Url,
        ["events"] = new JsonArray([.. webhook.Events.Select(e => JsonValue.Create(e))]),
        ["projects"] = new JsonArray([.. webhook.Projects.Select(p => JsonValue.Create(p))]),
        ["description"] = webhook.Description,
        ["createdAt"] = webhook.CreatedAt,
        ["createdBy"] = webhook.CreatedBy,
    };

    private static JsonObject Delivery(DeliveryView delivery) => new()
    {
        ["id"] = delivery.Id,
        ["eventId"] = delivery.EventId,
        ["type"] = delivery.Type,
        ["status"] = delivery.Status.ToString().ToLowerInvariant(),
        ["createdAt"] = delivery.CreatedAt,
        ["nextAttemptAt"] = delivery.NextAttemptAt,
        ["completedAt"] = delivery.CompletedAt,
        ["attemptCount"] = delivery.AttemptCount,
        ["attempts"] = new JsonArray([.. delivery.Attempts.Select(a => new JsonObject
        {
            ["at"] = a.At,
            ["statusCode"] = a.StatusCode,
            ["error"] = a.Error,
            ["durationMs"] = a.DurationMs,
        })]),
    };

    private static IResult Unknown(string webhookId) => FieldProblems.NotFound("webhookId", $"There is no webhook '{webhookId}'.");

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    private static IWebhookRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IWebhookRegistryGrain>(GrainKeys.WebhookRegistry);
}
