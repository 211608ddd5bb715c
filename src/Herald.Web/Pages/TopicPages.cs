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

    /// <summary>Watches the SQLite store's content version; null on PostgreSQL, where every page is rendered fresh.</summary>
    private readonly SqliteConnection? _watcher;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, (long Version, string Query, string Html, IReadOnlyList<DateTimeOffset> Seen)> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _clock;

    public TopicPages(string? dbPath, TimeProvider clock)
    {
        _clock = clock;
        _watcher = dbPath is null ? null : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
    }

    private long DataVersion()
    {
        lock (_lock)
        {
            var watcher = _watcher!;
            if (watcher.State != System.Data.ConnectionState.Open)
            {
                watcher.Open();
            }

            // The content version, not PRAGMA data_version: a fetch cycle that only reschedules its sources (or a
            // webhook delivery) writes the file but changes nothing a topic page shows.
            using var cmd = watcher.CreateCommand();
            cmd.CommandText = "SELECT v FROM content_version WHERE id = 1";
            return (long)cmd.ExecuteScalar()!;
        }
    }

    /// <summary>
    /// The topic page for one visitor: the shared page (cached until the store changes) with this visitor's "new
    /// since your last visit" line, or, for a filtered view, a page made for the filter (not cached).
    /// </summary>
    public async Task<string> RenderAsync(Topic topic, TopicFilter filter, ChartOptions chart, DateTimeOffset? lastVisit, IArticleStore store, IArticleInsights insights, CancellationToken ct)
    {
        if (!filter.IsEmpty)
        {
            return (await RenderFreshAsync(topic, filter, chart, store, insights, ct)).Html;
        }

        if (!chart.IsDefault || _watcher is null)
        {
            var (fresh, freshSeen) = await RenderFreshAsync(topic, filter, chart, store, insights, ct);
            return fresh.Replace(TopicHtml.VisitSlot, VisitLine(topic.Name, lastVisit, freshSeen), StringComparison.Ordinal);
        }

        var version = DataVersion();
        if (!_cache.TryGetValue(topic.Name, out var hit) || hit.Version != version || hit.Query != topic.Query)
        {
            var (html, seen) = await RenderFreshAsync(topic, filter, chart, store, insights, ct);
            hit = (version, topic.Query, html, seen);
            _cache[topic.Name] = hit;
        }

        return hit.Html.Replace(TopicHtml.VisitSlot, VisitLine(topic.Name, lastVisit, hit.Seen), StringComparison.Ordinal);
    }

    /// <summary>"N new since your last visit", with a link to exactly those; or how the page will know next time.</summary>
    private static string VisitLine(string topic, DateTimeOffset? lastVisit, IReadOnlyList<DateTimeOffset> seen)
    {
        if (lastVisit is not { } last)
        {
            return "<p class=\"muted visit\">Herald remembers when this browser last opened this topic (a cookie) and shows what is new next time.</p>";
        }

        var fresh = seen.Count(s => s > last);
        var when = Html.Html.Text(Html.Html.Date(last, false));
        if (fresh == 0)
        {
            return $"<p class=\"muted visit\">Nothing new since your last visit ({when}).</p>";
        }

        var href = Html.Html.Text(TopicFilter.None.Href(topic, TopicFilter.None with { Since = last }));
        return $"<p class=\"visit new\"><strong>{Html.Html.N(fresh)} new</strong> since your last visit ({when}) · <a href=\"{href}\">show only what is new</a></p>";
    }

    private async Task<(string Html, IReadOnlyList<DateTimeOffset> Seen)> RenderFreshAsync(Topic topic, TopicFilter filter, ChartOptions chart, IArticleStore store, IArticleInsights insights, CancellationToken ct)
    {
        var queryText = filter.Outlet is null && filter.Entity is null ? topic.Query : filter.Query(topic.Query);
        var query = TopicQuery.Parse(queryText);
        var found = await insights.SearchPageAsync(query, new SearchOptions(Limit, Sort: SearchSort.Newest), ct);
        var now = _clock.GetUtcNow();
        var articles = found.Hits.Select(h => h.Article).Where(a => filter.Keeps(a, now)).ToList();
        var page = await new TopicPageBuilder(store, _clock).ComposeAsync(topic.Name, topic.Query, articles, ct);

        SearchFacets? facets = null;
        StoreSummary summary;
        if (filter.Hours is null && filter.Since is null)
        {
            facets = await insights.FacetsAsync(query, 10, FacetCap, ct);
            summary = new StoreSummary(found.Total, 0, facets.OutletCount, facets.First, facets.Last, facets.StoryCount);
        }
        else
        {
            // A time view counts what it lists: the store's facets know nothing of "since".
            var dated = articles.Select(a => a.Published ?? a.FirstSeen).OfType<DateTimeOffset>().ToList();
            summary = new StoreSummary(articles.Count, 0, articles.Select(a => a.Outlet).OfType<string>().Distinct(StringComparer.Ordinal).Count(),
                dated.Count == 0 ? null : dated.Min(), dated.Count == 0 ? null : dated.Max(), page.Stories.Count);
        }

        // People, organisations and places count originals: a copy says what its original says.
        var ids = page.Stories.SelectMany(s => s.Versions).Select(v => v.Original.Id).ToList();
        var ann = AnnotationSummary.From(await insights.GetAnnotationsAsync(ids, ct), asked: ids.Count);
        var attention = await AttentionHtml.SectionAsync(topic.Name, queryText, filter, chart, insights, ct);
        var html = TopicHtml.Render(new TopicView(page, summary, facets, ann, filter, attention));
        return (html, articles.Select(a => a.FirstSeen).OfType<DateTimeOffset>().ToList());
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

    public void Dispose() => _watcher?.Dispose();
}
