using System.Net;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;

namespace Herald.Publish.Webhooks;

/// <summary>
/// Registers webhooks: checks the topic exists and the target is an http(s) address that is not loopback or
/// private (unless allowed), and marks the topic's existing stories as already seen so that only stories that
/// appear after registration are announced.
/// </summary>
public sealed class WebhookRegistry(ITopicStore topics, IWebhookStore hooks, bool allowPrivate)
{
    public const int MinSecretLength = 16;

    /// <summary>How many existing stories are marked as seen at registration (the newest and largest first).</summary>
    internal const int BaselineLimit = 100_000;

    /// <summary>HERALD_ALLOW_PRIVATE=1 (or true) lets webhooks and fetches reach loopback and private addresses.</summary>
    public static bool AllowPrivateFromEnvironment() => Environment.GetEnvironmentVariable("HERALD_ALLOW_PRIVATE") is "1" or "true";

    public Task<Webhook> AddAsync(string topicName, string url, string? secret, DateTimeOffset now, CancellationToken ct) =>
        AddAsync(topicName, url, secret, null, now, ct);

    /// <summary>Registers an alert. <paramref name="ntfyToken"/> is an access token for an ntfy topic that needs one
    /// (sent as <c>Authorization: Bearer</c>), stored as the alert's secret.</summary>
    public async Task<Webhook> AddAsync(string topicName, string url, string? secret, string? ntfyToken, DateTimeOffset now, CancellationToken ct)
    {
        var topic = await topics.GetTopicAsync(topicName.Trim(), ct)
            ?? throw new HeraldException($"topic \"{topicName}\"", "does not exist; create it first");
        var target = CheckUrl(url, allowPrivate);
        if (ntfyToken is not null)
        {
            if (AlertTarget.Parse(target).Kind != AlertKind.Ntfy)
            {
                throw new HeraldException("token", "only ntfy targets (ntfy://HOST/TOPIC) take an access token; a webhook is signed with its secret");
            }

            if (!string.IsNullOrEmpty(secret))
            {
                throw new HeraldException("secret", "an ntfy alert with an access token takes no signing secret");
            }

            secret = AlertTarget.TokenSecret(ntfyToken);
        }

        secret = string.IsNullOrEmpty(secret) ? WebhookSignature.NewSecret() : secret;
        if (secret.Length < MinSecretLength && ntfyToken is null)
        {
            throw new HeraldException("secret", $"is too short ({secret.Length} characters; use at least {MinSecretLength})");
        }

        var hook = await hooks.AddWebhookAsync(topic.Name, target, secret, now, ct);
        var existing = await hooks.ListUnannouncedStoriesAsync(hook.Id, TopicQuery.Parse(topic.Query), BaselineLimit, ct);
        await hooks.EnqueueDeliveriesAsync(
            existing.Select(s => new WebhookDelivery(Guid.NewGuid().ToString("N"), hook.Id, s.Id, "", DeliveryState.Baseline, 0, now, null, now)).ToList(), ct);
        return hook;
    }

    /// <summary>The normalised address (a webhook, an ntfy topic, optionally #digest=Nh; see <see cref="AlertTarget"/>),
    /// or a one-line error naming what is wrong with it.</summary>
    public static string CheckUrl(string url, bool allowPrivate)
    {
        var target = AlertTarget.Parse(url);
        var u = new Uri(url.Trim());
        if (!string.IsNullOrEmpty(u.UserInfo))
        {
            throw new HeraldException(url, "must not carry a user name or password");
        }

        // Literal addresses and localhost are refused here; host names are checked again after DNS at connect time.
        string host;
        try
        {
            host = target.PostUrl.IdnHost.Trim('[', ']');
        }
        catch (UriFormatException)
        {
            // Uri accepts some hosts its IDNA conversion then refuses (a label whose ASCII form is over 63 characters).
            throw new HeraldException(url, "has a host name with no ASCII (IDNA) form");
        }

        var isPrivate = (IPAddress.TryParse(host, out var ip) && AddressGuard.IsPrivate(ip))
            || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        if (isPrivate && !allowPrivate)
        {
            throw new HeraldException(url, "points at a loopback or private address; set HERALD_ALLOW_PRIVATE=1 to allow that");
        }

        return u.AbsoluteUri;
    }
}
