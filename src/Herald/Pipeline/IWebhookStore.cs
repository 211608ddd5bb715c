using Herald.Query;

namespace Herald.Pipeline;

/// <summary>A registered webhook: new stories of <paramref name="Topic"/> are POSTed to <paramref name="Url"/>, signed with <paramref name="Secret"/>.</summary>
public sealed record Webhook(long Id, string Topic, string Url, string Secret, DateTimeOffset Created);

public enum DeliveryState
{
    /// <summary>Waiting for its next attempt.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt failed; no more will be made.</summary>
    Failed,

    /// <summary>The story existed when the webhook was registered; it is never announced.</summary>
    Baseline,
}

/// <summary>One announcement of one story to one webhook, with its retry state.</summary>
public sealed record WebhookDelivery(
    string Id, long WebhookId, string Story, string Payload, DeliveryState State, int Attempts,
    DateTimeOffset NextAttempt, string? LastError, DateTimeOffset Created);

/// <summary>Where webhooks and their deliveries are kept. Enqueueing a story twice for one webhook is a no-op.</summary>
public interface IWebhookStore
{
    Task<Webhook> AddWebhookAsync(string topic, string url, string secret, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<Webhook>> ListWebhooksAsync(CancellationToken ct);

    Task<Webhook?> GetWebhookAsync(long id, CancellationToken ct);

    /// <summary>Removes the webhook and its delivery history.</summary>
    Task<bool> DeleteWebhookAsync(long id, CancellationToken ct);

    /// <summary>Stories with an article matching <paramref name="query"/> that have no delivery for this webhook yet.</summary>
    Task<IReadOnlyList<StorySummary>> ListUnannouncedStoriesAsync(long webhookId, TopicQuery query, int limit, CancellationToken ct);

    /// <summary>Inserts deliveries, skipping any (webhook, story) pair already present; returns how many were new.</summary>
    Task<int> EnqueueDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken ct);

    /// <summary>Pending deliveries whose next attempt is due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDueDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>The earliest next attempt of any pending delivery, or null when none is pending.</summary>
    Task<DateTimeOffset?> NextPendingAttemptAsync(CancellationToken ct);

    Task UpdateDeliveryAsync(string id, DeliveryState state, int attempts, DateTimeOffset nextAttempt, string? lastError, CancellationToken ct);

    /// <summary>A webhook's deliveries, newest first (baseline rows excluded).</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(long webhookId, int limit, CancellationToken ct);
}
