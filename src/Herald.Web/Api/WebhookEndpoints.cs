using System.Globalization;
using Herald.Pipeline;
using Herald.Publish.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Herald.Web.Api;

/// <summary>A webhook to register; <paramref name="Token"/> is an ntfy topic's access token, for ntfy targets only.</summary>
public sealed record WebhookInput(string? Topic, string? Url, string? Secret, string? Token = null);

/// <summary>A webhook as the API shows it; the secret only in the answer to its creation.</summary>
public sealed record WebhookDto(long Id, string Topic, string Url, DateTimeOffset Created, string? Secret, int Delivered, int Pending, int Failed);

/// <summary>/api/webhooks: register, list, show and delete webhooks. Every call needs the Bearer token (they hold secrets).</summary>
internal static class WebhookEndpoints
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api/webhooks").WithTags("Webhooks");

        api.MapGet("", async (HttpContext http, WebSecurity security, IWebhookStore hooks, CancellationToken ct) =>
        {
            if (ApiEndpoints.Unauthorized(http, security) is { } denied)
            {
                return denied;
            }

            var list = new List<WebhookDto>();
            foreach (var h in await hooks.ListWebhooksAsync(ct))
            {
                list.Add(await DtoAsync(h, hooks, null, ct));
            }

            return ApiResults.Ok(list);
        }).WithSummary("List webhooks (Bearer token)").Produces<List<WebhookDto>>().ProducesProblem(401);

        api.MapGet("/{id}", async (string id, HttpContext http, WebSecurity security, IWebhookStore hooks, CancellationToken ct) =>
        {
            if (ApiEndpoints.Unauthorized(http, security) is { } denied)
            {
                return denied;
            }

            return ParseId(id) is { } n && await hooks.GetWebhookAsync(n, ct) is { } h
                ? ApiResults.Ok(await DtoAsync(h, hooks, null, ct))
                : NotFound(id);
        }).WithSummary("One webhook with its delivery counts (Bearer token)").Produces<WebhookDto>().ProducesProblem(401).ProducesProblem(404);

        api.MapPost("", async (HttpContext http, WebhookInput? input, WebSecurity security, IArticleStore store, IWebhookStore hooks, WebhookPolicy policy, TimeProvider clock, CancellationToken ct) =>
        {
            if (ApiEndpoints.Unauthorized(http, security) is { } denied)
            {
                return denied;
            }

            if (string.IsNullOrWhiteSpace(input?.Topic) || string.IsNullOrWhiteSpace(input.Url))
            {
                return ApiResults.Problem(400, "Bad request", "Send JSON with topic (an existing topic's name), url (http or https) and optionally secret (16+ characters).");
            }

            var hook = await new WebhookRegistry(store, hooks, policy.AllowPrivateAddresses).AddAsync(input.Topic, input.Url, input.Secret, string.IsNullOrEmpty(input.Token) ? null : input.Token, clock.GetUtcNow(), ct);
            // The answer shows a generated signing secret once; a token the caller sent is not echoed back.
            var shown = string.IsNullOrEmpty(input.Token) ? hook.Secret : null;
            return Results.Created("/api/webhooks/" + hook.Id.ToString(CultureInfo.InvariantCulture), await DtoAsync(hook, hooks, shown, ct));
        }).WithSummary("Register a webhook for a topic's new stories (Bearer token)").Produces<WebhookDto>(201).ProducesProblem(400).ProducesProblem(401);

        api.MapDelete("/{id}", async (string id, HttpContext http, WebSecurity security, IWebhookStore hooks, CancellationToken ct) =>
        {
            if (ApiEndpoints.Unauthorized(http, security) is { } denied)
            {
                return denied;
            }

            return ParseId(id) is { } n && await hooks.DeleteWebhookAsync(n, ct) ? Results.NoContent() : NotFound(id);
        }).WithSummary("Delete a webhook (Bearer token)").Produces(204).ProducesProblem(401).ProducesProblem(404);
    }

    private static long? ParseId(string id) => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static IResult NotFound(string id) => ApiResults.Problem(404, "Not found", $"There is no webhook {id}.");

    private static async Task<WebhookDto> DtoAsync(Webhook h, IWebhookStore hooks, string? secret, CancellationToken ct)
    {
        var d = await hooks.ListDeliveriesAsync(h.Id, 100_000, ct);
        return new WebhookDto(h.Id, h.Topic, h.Url, h.Created, secret,
            d.Count(x => x.State == DeliveryState.Delivered), d.Count(x => x.State == DeliveryState.Pending), d.Count(x => x.State == DeliveryState.Failed));
    }
}

/// <summary>Whether webhook targets may be loopback or private addresses (off unless configured).</summary>
internal sealed record WebhookPolicy(bool AllowPrivateAddresses);
