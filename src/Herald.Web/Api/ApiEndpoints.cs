using System.Text.Json;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Web.Attention;
using Herald.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Herald.Web.Api;

/// <summary>
/// The REST API under /api: topics, stories, articles, search and sources. Reads are open; changes need the
/// Bearer token. Lists are paged (page, size); bad input answers 400 and unknown ids 404 with a problem document.
/// </summary>
internal static class ApiEndpoints
{
    private const int FacetCap = 2_000;

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("Herald");

        api.MapGet("/topics", async (string? page, string? size, IArticleStore store, CancellationToken ct) =>
        {
            var (p, s) = WebInputs.Paging(page, size, 50);
            var all = await store.ListTopicsAsync(ct);
            return ApiResults.Ok(Paged(all.Skip((p - 1) * s).Take(s).Select(TopicDto.From).ToList(), p, s, all.Count));
        }).WithSummary("List topics").Produces<PageDto<TopicDto>>().ProducesProblem(400);

        api.MapGet("/topics/{name}", async (string name, IArticleStore store, IArticleInsights insights, TopicPages pages, CancellationToken ct) =>
        {
            if (await store.GetTopicAsync(name, ct) is not { } topic)
            {
                return ApiResults.Problem(404, "Not found", $"There is no topic named \"{name}\".");
            }

            var query = TopicQuery.Parse(topic.Query);
            var page = await pages.BuildAsync(topic.Name, topic.Query, 50, store, insights, ct);
            var facets = await insights.FacetsAsync(query, 10, PageEndpoints.RecentWindow, ct);
            var total = (await insights.SearchPageAsync(query, new SearchOptions(0), ct)).Total;
            var summary = new StoreSummary(total, 0, facets.OutletCount, facets.First, facets.Last, facets.StoryCount);
            var stories = await insights.ListRecentStoriesAsync(query, PageEndpoints.RecentWindow, 20, ct);
            return ApiResults.Ok(new TopicDetailDto(TopicDto.From(topic), summary, page.Lead is null ? null : ArticleDto.From(page.Lead, true), stories));
        }).WithSummary("One topic: its summary, lead article and biggest stories").Produces<TopicDetailDto>().ProducesProblem(404);

        api.MapGet("/topics/{name}/articles", async (string name, string? page, string? size, IArticleStore store, IArticleInsights insights, CancellationToken ct) =>
        {
            var (p, s) = WebInputs.Paging(page, size, 20);
            if (await store.GetTopicAsync(name, ct) is not { } topic)
            {
                return ApiResults.Problem(404, "Not found", $"There is no topic named \"{name}\".");
            }

            var result = await insights.SearchPageAsync(TopicQuery.Parse(topic.Query), new SearchOptions(s, (p - 1) * s, SearchSort.Newest), ct);
            return ApiResults.Ok(Paged(result.Hits.Select(h => ArticleDto.From(h.Article, false)).ToList(), p, s, result.Total));
        }).WithSummary("A topic's articles, newest first").Produces<PageDto<ArticleDto>>().ProducesProblem(400).ProducesProblem(404);

        api.MapPost("/topics", async (HttpContext http, TopicInput? input, IArticleStore store, WebSecurity security, TimeProvider clock, CancellationToken ct) =>
        {
            if (Unauthorized(http, security) is { } denied)
            {
                return denied;
            }

            var name = WebInputs.TopicName(input?.Name);
            var query = WebInputs.TopicQueryText(input?.Query);
            if (await store.GetTopicAsync(name, ct) is not null)
            {
                return ApiResults.Problem(409, "Conflict", $"A topic named \"{name}\" exists; change it with PUT /api/topics/{name}.");
            }

            var topic = new Topic(name, query, clock.GetUtcNow());
            await store.SaveTopicAsync(topic, ct);
            return Results.Created("/api/topics/" + Uri.EscapeDataString(name), TopicDto.From(topic));
        }).WithSummary("Create a topic (Bearer token)").Produces<TopicDto>(201).ProducesProblem(400).ProducesProblem(401).ProducesProblem(409);

        api.MapPut("/topics/{name}", async (string name, HttpContext http, TopicInput? input, IArticleStore store, WebSecurity security, TimeProvider clock, CancellationToken ct) =>
        {
            if (Unauthorized(http, security) is { } denied)
            {
                return denied;
            }

            var checkedName = WebInputs.TopicName(name);
            var query = WebInputs.TopicQueryText(input?.Query);
            var existing = await store.GetTopicAsync(checkedName, ct);
            var topic = new Topic(existing?.Name ?? checkedName, query, existing?.Created ?? clock.GetUtcNow());
            await store.SaveTopicAsync(topic, ct);
            return existing is null ? Results.Created("/api/topics/" + Uri.EscapeDataString(checkedName), TopicDto.From(topic)) : ApiResults.Ok(TopicDto.From(topic));
        }).WithSummary("Create or change a topic's query (Bearer token)").Produces<TopicDto>().Produces<TopicDto>(201).ProducesProblem(400).ProducesProblem(401);

        api.MapDelete("/topics/{name}", async (string name, HttpContext http, IArticleStore store, WebSecurity security, CancellationToken ct) =>
        {
            if (Unauthorized(http, security) is { } denied)
            {
                return denied;
            }

            return await store.DeleteTopicAsync(name, ct) ? Results.NoContent() : ApiResults.Problem(404, "Not found", $"There is no topic named \"{name}\".");
        }).WithSummary("Delete a topic (Bearer token)").Produces(204).ProducesProblem(401).ProducesProblem(404);

        api.MapGet("/stories", async (string? topic, string? page, string? size, IArticleStore store, IArticleInsights insights, CancellationToken ct) =>
        {
            var (p, s) = WebInputs.Paging(page, size, 20);
            TopicQuery? query = null;
            if (!string.IsNullOrEmpty(topic))
            {
                if (await store.GetTopicAsync(topic, ct) is not { } t)
                {
                    return ApiResults.Problem(404, "Not found", $"There is no topic named \"{topic}\".");
                }

                query = TopicQuery.Parse(t.Query);
            }

            // Stories are ranked by size among the newest articles; a page past the end comes back empty with the right total.
            var ranked = await insights.ListRecentStoriesAsync(query, PageEndpoints.RecentWindow, p * s, ct);
            var items = ranked.Skip((p - 1) * s).Take(s).Select(x => new StoryDto(x.Id, x.Headline, x.Articles, x.Outlets, x.First, x.Last, null)).ToList();
            var window = await insights.FacetsAsync(query ?? TopicQuery.All, 1, PageEndpoints.RecentWindow, ct);
            return ApiResults.Ok(Paged(items, p, s, window.StoryCount));
        }).WithSummary("Stories covered by the newest 20,000 articles (of one topic when topic is given), biggest first").Produces<PageDto<StoryDto>>().ProducesProblem(400).ProducesProblem(404);

        api.MapGet("/stories/{id}", async (string id, IArticleStore store, IArticleInsights insights, CancellationToken ct) =>
        {
            var articles = await store.GetStoryArticlesAsync(id, ct);
            if (articles.Count == 0)
            {
                return store is IStoryStore identity && await identity.ResolveStoryAsync(id, ct) is { } living && living != id
                    ? Results.Redirect("/api/stories/" + Uri.EscapeDataString(living), permanent: true)
                    : ApiResults.Problem(404, "Not found", $"There is no story with id \"{id}\".");
            }

            var dated = articles.Where(a => a.Published is not null).Select(a => a.Published!.Value).ToList();
            var recorded = await store.GetStoryHeadlinesAsync([id], ct);
            var ann = Html.AnnotationSummary.From(await insights.GetAnnotationsAsync(articles.Select(a => a.Id).ToList(), ct));
            static List<NameCountDto> Names(IReadOnlyList<(string Name, int Count)> top) => [.. top.Select(x => new NameCountDto(x.Name, x.Count))];
            return ApiResults.Ok(new StoryDto(
                id, recorded.GetValueOrDefault(id) ?? Html.ArticleHtml.Representative(articles), articles.Count,
                articles.Select(a => a.Outlet).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                dated.Count > 0 ? dated.Min() : null, dated.Count > 0 ? dated.Max() : null,
                articles.Select(a => ArticleDto.From(a, false)).ToList(),
                new StoryAnnotationsDto(
                    ann.AnnotatedArticles, Names(ann.People), Names(ann.Orgs), Names(ann.Places),
                    [.. ann.Quotes.Select(q => new StoryQuoteDto(q.ArticleId, q.Quote.Speaker, q.Quote.Cue, q.Quote.Text))])));
        }).WithSummary("One story with its articles (oldest first), its most-mentioned people, organisations and places, and who said what").Produces<StoryDto>().ProducesProblem(404);

        api.MapGet("/articles", async (string? page, string? size, IArticleStore store, CancellationToken ct) =>
        {
            var (p, s) = WebInputs.Paging(page, size, 20);
            var result = await store.SearchAsync(TopicQuery.All, new SearchOptions(s, (p - 1) * s, SearchSort.Newest), ct);
            return ApiResults.Ok(Paged(result.Hits.Select(h => ArticleDto.From(h.Article, false)).ToList(), p, s, result.Total));
        }).WithSummary("All articles, newest first").Produces<PageDto<ArticleDto>>().ProducesProblem(400);

        api.MapGet("/articles/{id}", async (string id, IArticleStore store, CancellationToken ct) =>
        {
            if (await store.GetAsync(id, ct) is not { } article)
            {
                return ApiResults.Problem(404, "Not found", $"There is no article with id \"{id}\".");
            }

            JsonElement? annotations = null;
            if (await store.GetAnnotationsAsync(id, ct) is { } json)
            {
                try
                {
                    using var doc = JsonDocument.Parse(json);
                    annotations = doc.RootElement.Clone();
                }
                catch (JsonException)
                {
                    annotations = null;
                }
            }

            return ApiResults.Ok(new ArticleDetailDto(ArticleDto.From(article, true), annotations));
        }).WithSummary("One article with its text and annotations").Produces<ArticleDetailDto>().ProducesProblem(404);

        api.MapGet("/search", async (string? q, string? sort, string? page, string? size, bool? facets, IArticleInsights insights, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(q))
            {
                return ApiResults.Problem(400, "Bad request", "Give a query as q, for example q=Iraq AND oil.");
            }

            var (p, s) = WebInputs.Paging(page, size, 20);
            var order = WebInputs.Sort(sort, "relevance");
            var query = TopicQuery.Parse(q);
            var result = await insights.SearchBoundedAsync(query, new SearchOptions(s, (p - 1) * s, order == "newest" ? SearchSort.Newest : SearchSort.Relevance, Snippets: true), PageEndpoints.SearchBound, ct);
            var hits = result.Hits.Select(h => new SearchHitDto(ArticleDto.From(h.Article, false), h.Snippet?.Replace('\u0002', '[').Replace('\u0003', ']'), h.Rank)).ToList();
            var f = facets == true ? await insights.FacetsAsync(query, 20, FacetCap, ct) : null;
            // Relevance pages end where the ranked window ends: "next" never points past what was ranked.
            var results = Paged(hits, p, s, result.Total) is var paged && result.RankedAmongNewest is { } ranked && (long)p * s >= ranked
                ? paged with { Next = null }
                : paged;
            return ApiResults.Ok(new SearchDto(q, order, results, result.TotalIsLowerBound, result.RankedAmongNewest, f));
        }).WithSummary("Full-text search: words, \"phrases\", AND/OR/NOT, filters; snippets mark matches with [ ]; facets=true adds outlet, language and per-day counts. Work is bounded: totalIsLowerBound means \"at least total\", rankedAmongNewest says relevance ranked only that many newest matches (pages end there), and facets.sampled says facets counted only that many newest matches")
            .Produces<SearchDto>().ProducesProblem(400);

        api.MapGet("/attention", async (string[]? q, string? format, string? from, string? to, string? days, string? split, HttpContext http, IArticleInsights insights, CancellationToken ct) =>
        {
            var queries = (q ?? []).Where(x => !string.IsNullOrWhiteSpace(x)).ToList();
            AttentionData data;
            try
            {
                int? lastDays = string.IsNullOrEmpty(days) ? null
                    : int.TryParse(days, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
                    : throw new HeraldException("days", $"\"{days}\" is not a whole number of days");
                data = await AttentionData.ForAsync(queries, insights, ct, AttentionData.Day(from, "from"), AttentionData.Day(to, "to"), lastDays, string.IsNullOrEmpty(split) ? null : split);
            }
            catch (HeraldException e)
            {
                return ApiResults.Problem(400, "Bad request", e.Message + ". Example: /api/attention?q=Iraq&q=Iran&format=csv");
            }

            var csv = format == "csv" || (format is null && http.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase));
            if (format is not null and not "csv" and not "json")
            {
                return ApiResults.Problem(400, "Bad request", $"Unknown format \"{format}\" (json or csv).");
            }

            return csv
                ? Results.Text(data.ToCsv(), "text/csv; charset=utf-8")
                : ApiResults.Ok(new AttentionDto(
                    data.Days.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                    data.All,
                    data.Lines.Select(l => new AttentionLineDto(l.Query, l.Total, l.Counts, l.Share)).ToList(),
                    AttentionData.Cap,
                    data.Sampled));
        }).WithSummary("Attention over time for one to four queries (q=...&q=...): articles per published day over one shared run of days, all articles per day, and each query's share of them; from=YYYY-MM-DD and to=YYYY-MM-DD count only those days, days=N keeps the last N days up to the newest match, split=outlet, split=language or split=country splits one query into its top four outlets, languages or countries (countries the articles are about: their places' countries, as country:XX filters); format=csv (or Accept: text/csv) gives day,query,count,all,share rows. Each query counts its newest 20,000 matches; sampled names the ones that reached that bound")
            .Produces<AttentionDto>().ProducesProblem(400);

        api.MapGet("/sources", async (IArticleInsights insights, CancellationToken ct) =>
        {
            var rows = await insights.ListSourcesAsync(1000, ct);
            return ApiResults.Ok(rows is null
                ? new SourcesDto(false, [], "This store has no sources table yet: feeds arrive with the ingestion stage (herald add-feed, herald import-opml).")
                : new SourcesDto(true, rows, null));
        }).WithSummary("Feeds and their fetch state, as the ingestion stage stores them").Produces<SourcesDto>();
    }

    private static PageDto<T> Paged<T>(IReadOnlyList<T> items, int page, int size, int total) =>
        new(items, page, size, total, (long)page * size < total ? page + 1 : null);

    internal static IResult? Unauthorized(HttpContext http, WebSecurity security)
    {
        if (!security.HasToken)
        {
            return ApiResults.Problem(401, "Unauthorized", "Changes through the API need a token, and none is configured: start Herald with HERALD_API_TOKEN set (16+ characters).");
        }

        if (!security.IsBearerValid(http.Request))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiResults.Problem(401, "Unauthorized", "Send the API token as \"Authorization: Bearer TOKEN\".");
        }

        return null;
    }
}
