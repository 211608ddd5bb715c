using System.Collections.Concurrent;
using Herald.Pipeline;
using Herald.Query;
using Herald.Topics;
using Herald.Web.Html;
using Microsoft.Data.Sqlite;

namespace Herald.Web.Pages;

/// <summary>
/// Renders topic pages and keeps each one until the store changes. Every visitor sees the same topic page, so
/// the work is done once per change, not once per request. "Changed" is the store's content version (a counter that
/// triggers on articles, annotations and stories move, whichever process writes), read on one watcher connection:
/// writes that change nothing a page shows (a fetch cycle rescheduling its sources) keep the cache.
/// </summary>
internal sealed class TopicPages : IDisposable
{
    public const int Limit = TopicPageBuilder.DefaultLimit;
    private const int FacetCap = 20_000;

    private readonly SqliteConnection _watcher;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, (long Version, string Query, string Html)> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _clock;

    public TopicPages(string dbPath, TimeProvider clock)
    {
        _clock = clock;
        _watcher = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
    }

    private long DataVersion()
    {
        lock (_lock)
        {
            if (_watcher.State != System.Data.ConnectionState.Open)
            {
                _watcher.Open();
            }

            // The content version, not PRAGMA data_version: a fetch cycle that only reschedules its sources (or a
            // webhook delivery) writes the file but changes nothing a topic page shows.
            using var cmd = _watcher.CreateCommand();
            cmd.CommandText = "SELECT v FROM content_version WHERE id = 1";
            return (long)cmd.ExecuteScalar()!;
        }
    }

    public async Task<string> RenderAsync(Topic topic, IArticleStore store, IArticleInsights insights, CancellationToken ct)
    {
        var version = DataVersion();
        if (_cache.TryGetValue(topic.Name, out var hit) && hit.Version == version && hit.Query == topic.Query)
        {
            return hit.Html;
        }

        var page = await BuildAsync(topic.Name, topic.Query, Limit, store, insights, ct);
        var query = TopicQuery.Parse(topic.Query);
        var facets = await insights.FacetsAsync(query, 10, FacetCap, ct);
        var total = (await insights.SearchPageAsync(query, new SearchOptions(0), ct)).Total;
        var summary = new StoreSummary(total, 0, facets.OutletCount, facets.First, facets.Last, facets.StoryCount);
        var ids = page.Related.Select(a => a.Id).ToList();
        if (page.Lead is not null)
        {
            ids.Add(page.Lead.Id);
        }

        var ann = AnnotationSummary.From(await insights.GetAnnotationsAsync(ids, ct));
        var html = TopicHtml.Render(page, summary, facets, ann);
        _cache[topic.Name] = (version, topic.Query, html);
        return html;
    }

    /// <summary>
    /// A topic page from the bounded web search (newest first), composed by the one <see cref="TopicPageBuilder"/>
    /// that the CLI and the feeds use too.
    /// </summary>
    public async Task<TopicPage> BuildAsync(string name, string queryText, int limit, IArticleStore store, IArticleInsights insights, CancellationToken ct)
    {
        var query = TopicQuery.Parse(queryText);
        var found = await insights.SearchPageAsync(query, new SearchOptions(limit, Sort: SearchSort.Newest), ct);
        return await new TopicPageBuilder(store, _clock).ComposeAsync(name, queryText, [.. found.Hits.Select(h => h.Article)], ct);
    }

    public void Dispose() => _watcher.Dispose();
}
