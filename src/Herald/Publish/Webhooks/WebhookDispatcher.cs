using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Herald.Pipeline;
using Herald.Query;

namespace Herald.Publish.Webhooks;

/// <summary>How hard a delivery is tried.</summary>
public sealed record WebhookDeliveryOptions
{
    /// <summary>Attempts in all, the first included, before a delivery is given up as failed.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Wait before the second attempt; each later wait doubles, then a random 50-100 % of it is used.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one run waits in-process for retries that fall due soon; later ones resume on the next run.</summary>
    public TimeSpan WaitForRetries { get; init; } = TimeSpan.FromSeconds(15);

    public bool AllowPrivateAddresses { get; init; }
}

/// <summary>What one announce run did.</summary>
public sealed record WebhookRunSummary(int Queued, int Delivered, int Retrying, int Failed)
{
    public string OneLine() => string.Create(CultureInfo.InvariantCulture,
        $"webhooks: {Queued} new stories queued, {Delivered} delivered, {Retrying} waiting to retry, {Failed} given up");
}

/// <summary>
/// Announces new stories of each webhook's topic: queues one delivery per (webhook, story) never queued before,
/// then POSTs due deliveries as signed JSON. A non-2xx answer, a timeout or a refused connection schedules a
/// retry with exponential backoff and jitter; the state lives in the store, so a restart resumes where it left off.
/// </summary>
public sealed class WebhookDispatcher(IArticleStore articles, IWebhookStore hooks, HttpClient http, WebhookDeliveryOptions options, TimeProvider clock, Random random)
{
    private const int StoryArticles = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Action<string>? Warn { get; init; }

    /// <summary>An HttpClient that connects only where the ingest fetcher's address policy allows and never follows redirects.</summary>
    public static HttpClient CreateClient(WebhookDeliveryOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = AddressGuard.ConnectCallback(options.AllowPrivateAddresses),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var client = new HttpClient(handler) { Timeout = options.Timeout };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Herald-Webhook", "1.0"));
        return client;
    }

    /// <summary>Queues new stories, delivers what is due, and waits for retries due within <see cref="WebhookDeliveryOptions.WaitForRetries"/>.</summary>
    public async Task<WebhookRunSummary> RunAsync(CancellationToken ct)
    {
        var queued = await QueueNewStoriesAsync(ct);
        int delivered = 0, failed = 0;
        var deadline = clock.GetUtcNow() + options.WaitForRetries;
        while (true)
        {
            var (d, f) = await DeliverDueAsync(ct);
            delivered += d;
            failed += f;
            var next = await hooks.NextPendingAttemptAsync(ct);
            if (next is null || next > deadline)
            {
                break;
            }

            var wait = next.Value - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, ct);
            }
        }

        var retrying = (await hooks.ListDueDeliveriesAsync(DateTimeOffset.MaxValue, 10_000, ct)).Count;
        return new WebhookRunSummary(queued, delivered, retrying, failed);
    }

    public async Task<int> QueueNewStoriesAsync(CancellationToken ct)
    {
        var queued = 0;
        var now = clock.GetUtcNow();
        foreach (var hook in await hooks.ListWebhooksAsync(ct))
        {
            var topic = await articles.GetTopicAsync(hook.Topic, ct);
            if (topic is null)
            {
                Warn?.Invoke($"webhook {hook.Id}: topic \"{hook.Topic}\" no longer exists; nothing announced");
                continue;
            }

            var stories = await hooks.ListUnannouncedStoriesAsync(hook.Id, TopicQuery.Parse(topic.Query), 1_000, ct);
            // A digest's stories wait for its next slot; each story is still queued once, so it is sent once.
            var due = AlertTarget.Parse(hook.Url).DueAt(hook.Created, now);
            var batch = new List<WebhookDelivery>(stories.Count);
            foreach (var story in stories)
            {
                var id = Guid.NewGuid().ToString("N");
                var members = await articles.GetStoryArticlesAsync(story.Id, ct);
                batch.Add(new WebhookDelivery(id, hook.Id, story.Id, Payload(id, hook, story, members, now), DeliveryState.Pending, 0, due, null, now));
            }

            queued += await hooks.EnqueueDeliveriesAsync(batch, ct);
        }

        return queued;
    }

    /// <summary>One attempt at every due delivery; returns how many were delivered and how many were given up.</summary>
    public async Task<(int Delivered, int Failed)> DeliverDueAsync(CancellationToken ct)
    {
        int delivered = 0, failed = 0;
        var secrets = (await hooks.ListWebhooksAsync(ct)).ToDictionary(h => h.Id);
        // A receiver that just failed is not hammered with the rest of its queue: those wait for its retry time.
        var down = new Dictionary<long, DateTimeOffset>();
        var due = await hooks.ListDueDeliveriesAsync(clock.GetUtcNow(), 500, ct);
        var digests = due.Where(d => secrets.TryGetValue(d.WebhookId, out var h) && AlertTarget.Parse(h.Url).Digest is not null)
            .GroupBy(d => d.WebhookId).ToList();
        foreach (var group in digests)
        {
            var hook = secrets[group.Key];
            var batch = group.ToList();
            var attempts = batch.Max(d => d.Attempts) + 1;
            var problem = await SendAsync(hook, batch, ct);
            var now = clock.GetUtcNow();
            var (state, next) = problem is null ? (DeliveryState.Delivered, now)
                : attempts >= options.MaxAttempts ? (DeliveryState.Failed, now)
                : (DeliveryState.Pending, now + Backoff(attempts));
            foreach (var d in batch)
            {
                await hooks.UpdateDeliveryAsync(d.Id, state, attempts, next, problem, ct);
            }

            delivered += state == DeliveryState.Delivered ? batch.Count : 0;
            failed += state == DeliveryState.Failed ? batch.Count : 0;
            if (state == DeliveryState.Failed)
            {
                Warn?.Invoke($"webhook {hook.Id}: gave up on a digest of {batch.Count} stories after {attempts} attempts: {problem}");
            }
        }

        var inDigest = digests.SelectMany(g => g).Select(d => d.Id).ToHashSet();
        foreach (var d in due.Where(d => !inDigest.Contains(d.Id)))
        {
            if (!secrets.TryGetValue(d.WebhookId, out var hook))
            {
                continue;
            }

            if (down.TryGetValue(hook.Id, out var retryAt))
            {
                await hooks.UpdateDeliveryAsync(d.Id, DeliveryState.Pending, d.Attempts, retryAt, d.LastError, ct);
                continue;
            }

            var attempts = d.Attempts + 1;
            var problem = await SendAsync(hook, [d], ct);
            var now = clock.GetUtcNow();
            if (problem is null)
            {
                await hooks.UpdateDeliveryAsync(d.Id, DeliveryState.Delivered, attempts, now, null, ct);
                delivered++;
            }
            else if (attempts >= options.MaxAttempts)
            {
                down[hook.Id] = now + Backoff(1);
                await hooks.UpdateDeliveryAsync(d.Id, DeliveryState.Failed, attempts, now, problem, ct);
                Warn?.Invoke($"webhook {hook.Id}: gave up on delivery {d.Id} after {attempts} attempts: {problem}");
                failed++;
            }
            else
            {
                var next = now + Backoff(attempts);
                down[hook.Id] = next;
                await hooks.UpdateDeliveryAsync(d.Id, DeliveryState.Pending, attempts, next, problem, ct);
            }
        }

        return (delivered, failed);
    }

    /// <summary>The wait after <paramref name="attempts"/> failed attempts: base × 2^(n-1), capped, times a random 0.5-1.0 (jitter).</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exp = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exp, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (random.NextDouble() * 0.5)));
    }

    /// <summary>Sends one story, or a digest of several, in the target's form; null when the receiver took it.</summary>
    private async Task<string?> SendAsync(Webhook hook, IReadOnlyList<WebhookDelivery> batch, CancellationToken ct)
    {
        var target = AlertTarget.Parse(hook.Url);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.PostUrl);
        if (target.Kind == AlertKind.Ntfy)
        {
            var (title, text, click) = NtfyMessage.Render(hook.Topic, batch.Select(d => d.Payload).ToList(), target.Digest is not null);
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation("Title", NtfyMessage.HeaderValue(title));
            request.Headers.TryAddWithoutValidation("Tags", "newspaper");
            if (target.BearerToken(hook.Secret) is { } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (click is not null)
            {
                request.Headers.TryAddWithoutValidation("Click", click);
            }
        }
        else
        {
            var digest = target.Digest is not null;
            var body = Encoding.UTF8.GetBytes(digest ? DigestPayload(hook, batch, clock.GetUtcNow()) : batch[0].Payload);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(hook.Secret, body));
            request.Headers.Add(WebhookSignature.DeliveryHeader, batch[0].Id);
            request.Headers.Add(WebhookSignature.EventHeader, digest ? "stories.digest" : "story.new");
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return response.IsSuccessStatusCode ? null : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return "timed out";
        }
        catch (HttpRequestException e)
        {
            return e.InnerException is PrivateAddressException p ? p.Message : e.Message;
        }
    }

    /// <summary>A digest as signed JSON: the stories' own announcements, oldest first, under one delivery id.</summary>
    private static string DigestPayload(Webhook hook, IReadOnlyList<WebhookDelivery> batch, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event", "stories.digest");
            w.WriteString("delivery", batch[0].Id);
            w.WriteNumber("webhook", hook.Id);
            w.WriteString("topic", hook.Topic);
            w.WriteString("sent", now);
            w.WriteStartArray("stories");
            foreach (var d in batch.OrderBy(d => d.Created))
            {
                using var story = JsonDocument.Parse(d.Payload);
                story.RootElement.WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Payload(string deliveryId, Webhook hook, StorySummary story, IReadOnlyList<Model.Article> members, DateTimeOffset now) =>
        JsonSerializer.Serialize(new
        {
            @event = "story.new",
            delivery = deliveryId,
            webhook = hook.Id,
            topic = hook.Topic,
            sent = now,
            story = new
            {
                id = story.Id,
                headline = story.Headline,
                articles = story.Articles,
                outlets = story.Outlets,
                first = story.First,
                last = story.Last,
            },
            items = members.Take(StoryArticles).Select(a => new { id = a.Id, title = a.Title, url = a.Url, outlet = a.Outlet, published = a.Published }),
        }, Json);
}
