using System.Globalization;
using Herald.Annotate;
using Herald.Broker;
using Herald.Composition;
using Herald.Ingest;
using Herald.Ingest.Feeds;
using Herald.Ingest.Fetch;
using Herald.Ingest.Scheduling;
using Herald.Model;
using Herald.Pipeline;

namespace Herald.Cli.Workers;

/// <summary>
/// The roles of `herald worker`: each takes a batch of its messages and runs the same library code the single
/// process runs (<see cref="FileIngestor"/>, <see cref="FeedPoller"/>, <see cref="LiveSteps"/>), then publishes the
/// follow-up work and returns; the consumer acknowledges after that. Nothing here knows how messages travel.
/// </summary>
internal static class WorkHandlers
{
    /// <summary>What extract and fetch send when they stored articles: the story worker clusters what is new.</summary>
    public static Task NudgeStoriesAsync(Func<BrokerClient> client, string after, CancellationToken ct) =>
        client().PublishAsync(client().Queues.Of(WorkRole.Stories), WorkMessages.Stories(after), ct);
}

/// <summary>Extract: files (paths every worker can read) through <see cref="FileIngestor"/>, as `herald ingest` reads them.</summary>
internal sealed class ExtractHandler(IArticleStore store, Func<BrokerClient> client, Action<string> log) : IWorkHandler
{
    public WorkRole Role => WorkRole.Extract;

    public int BatchSize => Math.Max(4, 4 * Environment.ProcessorCount);

    public async Task<IReadOnlyList<string?>> HandleAsync(IReadOnlyList<WorkMessage> batch, CancellationToken ct)
    {
        var results = new string?[batch.Count];
        var importers = CliContext.Importers();
        var files = new List<string>();
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                var path = WorkMessages.ReadFile(batch[i].Body);
                if (!File.Exists(path))
                {
                    results[i] = $"{path}: no such file on {Environment.MachineName} (every worker must see the paths ingest sends)";
                }
                else if (!importers.Any(im => im.CanRead(path)))
                {
                    results[i] = $"{path}: not an ingestible file";
                }
                else
                {
                    files.Add(path);
                }
            }
            catch (HeraldException e)
            {
                results[i] = e.Message;
            }
        }

        if (files.Count == 0)
        {
            return results;
        }

        var outlets = store as IOutletStore;
        if (outlets is not null)
        {
            CliContext.Outlets.Load(await outlets.LoadOutletsAsync(ct));
        }

        var report = await new FileIngestor(store, importers).IngestAsync(files, ct);
        if (outlets is not null)
        {
            await outlets.SaveOutletsAsync(CliContext.Outlets.Learned, ct);
        }

        foreach (var m in report.Messages)
        {
            log("warning: " + m);
        }

        var a = report.Articles;
        log(string.Create(CultureInfo.InvariantCulture,
            $"extract: {files.Count} files ({report.Failed} failed, {report.Unchanged} unchanged since they were last ingested): {a.Inserted} new, {a.Updated} updated, {a.Unchanged} unchanged articles"));
        await WorkHandlers.NudgeStoriesAsync(client, "extract", ct);
        return results;
    }
}

/// <summary>Fetch: followed feeds by id through <see cref="FeedPoller"/>, as `herald fetch` polls them.</summary>
internal sealed class FetchHandler(FeedPoller poller, ISourceStore sources, Func<BrokerClient> client, Action<string> log) : IWorkHandler
{
    public WorkRole Role => WorkRole.Fetch;

    public int BatchSize => 32;

    public async Task<IReadOnlyList<string?>> HandleAsync(IReadOnlyList<WorkMessage> batch, CancellationToken ct)
    {
        var results = new string?[batch.Count];
        var followed = (await sources.ListAsync(ct)).ToDictionary(s => s.Id);
        var due = new List<FeedSource>();
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                var id = WorkMessages.ReadFeed(batch[i].Body);
                if (followed.TryGetValue(id, out var source))
                {
                    if (!due.Contains(source))
                    {
                        due.Add(source);
                    }
                }
                else
                {
                    results[i] = $"feed {id}: not followed in this store";
                }
            }
            catch (HeraldException e)
            {
                results[i] = e.Message;
            }
        }

        if (due.Count > 0)
        {
            var summary = await poller.PollAsync(due, ct);
            log("fetch: " + summary.OneLine());
            await WorkHandlers.NudgeStoriesAsync(client, "fetch", ct);
        }

        return results;
    }

    public static FeedPoller NewPoller(FetchOptions options, IServiceProvider services, IArticleStore articles, ISourceStore sources)
    {
        var fetcher = new FeedFetcher(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IHttpClientFactory>(services), options);
        return new FeedPoller(fetcher, new FeedParser(), articles, sources, new PollScheduler(new PollPolicy(), new Random()), TimeProvider.System)
        {
            FullText = new FullTextFetcher(fetcher, new ExtractorPageAdapter(new Herald.Extract.ArticleExtractor())),
        };
    }
}

/// <summary>
/// Stories (one active consumer at a time, so clustering is never run by two processes at once): the live stories
/// step over what is unclustered, then the articles that now need annotations go out to the annotate workers, rules
/// are applied to what arrived, and new stories are announced to webhooks. A nudge is held until the extract and fetch work is drained (none waiting,
/// none held by a live worker), for at most <see cref="MaxWait"/>: a backfill is then clustered once, over all of
/// it, exactly as one `herald ingest` clusters it, while a queue that never drains still gets clustered that often.
/// </summary>
internal sealed class StoriesHandler(IArticleStore store, Func<BrokerClient> client, Action<string> log, TimeSpan maxWait) : IWorkHandler
{
    private const int IdsPerMessage = 32;

    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);

    public TimeSpan MaxWait { get; } = maxWait;

    public WorkRole Role => WorkRole.Stories;

    public int BatchSize => 1000;

    public async Task<IReadOnlyList<string?>> HandleAsync(IReadOnlyList<WorkMessage> batch, CancellationToken ct)
    {
        var done = new string?[batch.Count];
        var broker = client();
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (!await BrokerStatus.DrainedAsync(broker, [WorkRole.Extract, WorkRole.Fetch], ct))
        {
            if (waiting.Elapsed > MaxWait)
            {
                log($"stories: extract and fetch work still pending after {MaxWait.TotalSeconds:0} s; clustering what is stored so far");
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        await LiveSteps.StoriesAsync(store, ct);
        var ids = new List<string>(IdsPerMessage);
        var sent = 0;
        if (_sent.Count > 1_000_000)
        {
            _sent.Clear();
        }

        await foreach (var article in store.ListUnannotatedAsync(ct))
        {
            // Articles sent before and not yet annotated are on their way already (this process's memory: after a
            // restart some are sent twice, which annotates them twice to the same result).
            if (!_sent.Add(article.Id))
            {
                continue;
            }

            ids.Add(article.Id);
            if (ids.Count == IdsPerMessage)
            {
                await broker.PublishAsync(broker.Queues.Of(WorkRole.Annotate), WorkMessages.Annotate(ids), ct);
                sent += ids.Count;
                ids.Clear();
            }
        }

        if (ids.Count > 0)
        {
            await broker.PublishAsync(broker.Queues.Of(WorkRole.Annotate), WorkMessages.Annotate(ids), ct);
            sent += ids.Count;
        }

        log(string.Create(CultureInfo.InvariantCulture, $"stories: clustered what was new ({batch.Count} nudges); {sent} articles sent for annotation"));
        // Rules meet what the extract and fetch workers stored here, in the one active stories consumer, with the
        // same step the single process runs after storing.
        await PostIngest.ApplyRulesAsync(store, ct, log);
        await PostIngest.AnnounceAsync(store, ct);
        return done;
    }
}

/// <summary>Annotate: named articles through the annotation stage, as the single process's annotation step.</summary>
internal sealed class AnnotateHandler(IArticleStore store, Action<string> log) : IWorkHandler
{
    private readonly Lazy<ArticleAnnotator> _annotator = new(ArticleAnnotator.CreateDefault);

    public WorkRole Role => WorkRole.Annotate;

    public int BatchSize => 8;

    public async Task<IReadOnlyList<string?>> HandleAsync(IReadOnlyList<WorkMessage> batch, CancellationToken ct)
    {
        var results = new string?[batch.Count];
        var ids = new List<string>();
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                ids.AddRange(WorkMessages.ReadIds(batch[i].Body));
            }
            catch (HeraldException e)
            {
                results[i] = e.Message;
            }
        }

        var annotated = await LiveSteps.AnnotateAsync(store, ids.Distinct(StringComparer.Ordinal).ToList(), () => _annotator.Value, ct);
        log(string.Create(CultureInfo.InvariantCulture, $"annotate: {annotated} of {ids.Count} articles annotated"));
        return results;
    }
}
