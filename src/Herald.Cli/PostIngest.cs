using Herald.Annotate;
using Herald.Model;
using Herald.Pipeline;
using Herald.Stories;
using Herald.Topics.Webhooks;

namespace Herald.Cli;

/// <summary>
/// What follows storing new articles from the fetcher (which writes straight to the store): stories for the window
/// they fall in, and annotations for every article that has none yet.
/// </summary>
internal static class PostIngest
{
    /// <summary>Fetched items may be back-dated; re-cluster a month before the cycle began (plus the rebuilder's own look-back).</summary>
    private static readonly TimeSpan FetchWindow = TimeSpan.FromDays(30);

    public static async Task AfterFetchAsync(IArticleStore store, DateTimeOffset cycleStarted, CancellationToken ct)
    {
        await new StoryRebuilder(store, () => new StoryClusterer()).RebuildAsync(cycleStarted - FetchWindow, ct);
        await AnnotateBacklogAsync(store, ct);
        await AnnounceAsync(store, ct);
    }

    /// <summary>Announces new stories to the store's webhooks (none registered: nothing happens).</summary>
    public static async Task AnnounceAsync(IArticleStore store, CancellationToken ct)
    {
        if (store is not IWebhookStore hooks || (await hooks.ListWebhooksAsync(ct)).Count == 0)
        {
            return;
        }

        var options = new WebhookDeliveryOptions { AllowPrivateAddresses = WebhookRegistry.AllowPrivateFromEnvironment() };
        using var http = WebhookDispatcher.CreateClient(options);
        var dispatcher = new WebhookDispatcher(store, hooks, http, options, TimeProvider.System, new Random())
        {
            Warn = m => Console.Error.WriteLine($"herald: warning: {m}"),
        };
        var summary = await dispatcher.RunAsync(ct);
        if (summary != new WebhookRunSummary(0, 0, 0, 0))
        {
            await Console.Out.WriteLineAsync(summary.OneLine());
        }
    }

    public static async Task<int> AnnotateBacklogAsync(IArticleStore store, CancellationToken ct)
    {
        ArticleAnnotator? annotator = null;
        var count = 0;
        await foreach (var article in store.ListUnannotatedAsync(ct))
        {
            annotator ??= ArticleAnnotator.CreateDefault();
            var annotations = annotator.Annotate(article.Text, article.Published);
            await store.SaveAnnotationsAsync(article.Id, AnnotationJson.Serialize(annotations), ct);
            count++;
        }

        return count;
    }
}
