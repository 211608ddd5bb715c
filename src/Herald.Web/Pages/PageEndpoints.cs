using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Topics;
using Herald.Web.Html;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Herald.Web.Pages;

/// <summary>The HTML pages and feeds: topics (view, create, edit), stories, articles, search, sources, sign-in.</summary>
internal static class PageEndpoints
{
    /// <summary>Search facets count the newest this-many matches: the rows relevance ranked (<see cref="Herald.Storage.Sqlite.SqliteStore.RankWindow"/>), so they cost no second walk.</summary>
    public const int FacetCap = 2_000;

    /// <summary>Interactive search counts up to this many matches (as deep as paging goes) and ranks the newest this-many.</summary>
    public const int SearchBound = WebInputs.MaxOffset;

    /// <summary>Story lists rank what the newest this-many articles cover: "now", at a bounded cost.</summary>
    public const int RecentWindow = 20_000;

    public static IResult HtmlResult(string html, int status = 200) =>
        Results.Text(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    private static IResult NotFound(string message) => HtmlResult(ArticleHtml.Message("Not found", message), 404);

    public static void Map(WebApplication app)
    {
        app.MapGet("/static/herald.css", () => Results.Text(Html.Html.Css, "text/css; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/static/keys.js", () => Results.Text(Html.Html.KeysScript, "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/favicon.svg", () => Results.Text(Html.Html.Favicon, "image/svg+xml")).ExcludeFromDescription();
        app.MapGet("/favicon.ico", () => Results.Text(Html.Html.Favicon, "image/svg+xml")).ExcludeFromDescription();

        app.MapGet("/", async (IArticleStore store, IArticleInsights insights, CancellationToken ct) =>
            HtmlResult(ArticleHtml.Index(await store.ListTopicsAsync(ct), await insights.ListRecentStoriesAsync(null, RecentWindow, 20, ct), await WindowSizeAsync(insights, ct)))).ExcludeFromDescription();

        MapTopics(app);

        app.MapGet("/articles/{id}", async (string id, IArticleStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } a
                ? HtmlResult(ArticleHtml.Article(a, AnnotationReader.Read(await store.GetAnnotationsAsync(a.Id, ct))))
                : NotFound($"There is no article with id \"{id}\".")).ExcludeFromDescription();

        app.MapGet("/stories", async (IArticleInsights insights, CancellationToken ct) =>
            HtmlResult(Html.Html.Layout("Stories", "<h1>Stories</h1>" + ArticleHtml.StoryList(await insights.ListRecentStoriesAsync(null, RecentWindow, 100, ct), await WindowSizeAsync(insights, ct))))).ExcludeFromDescription();

        app.MapGet("/stories/{id}", async (string id, IArticleStore store, IArticleInsights insights, CancellationToken ct) =>
        {
            var articles = await store.GetStoryArticlesAsync(id, ct);
            if (articles.Count == 0)
            {
                // A story merged into an older one keeps resolving: its old address redirects to the living story.
                return store is IStoryStore identity && await identity.ResolveStoryAsync(id, ct) is { } living && living != id
                    ? Results.Redirect("/stories/" + Uri.EscapeDataString(living), permanent: true)
                    : NotFound($"There is no story with id \"{id}\".");
            }

            // Names count once per original: a copy says what its original says.
            var originals = TopicStories.Versions(articles).Select(v => v.Original.Id).ToList();
            var ann = AnnotationSummary.From(await insights.GetAnnotationsAsync(originals, ct), asked: originals.Count);
            var recorded = await store.GetStoryHeadlinesAsync([id], ct);
            return HtmlResult(ArticleHtml.Story(id, articles, ann, recorded.GetValueOrDefault(id)));
        }).ExcludeFromDescription();

        app.MapGet("/search", async (string? q, string? sort, string? page, IArticleInsights insights, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(q))
            {
                return HtmlResult(SearchHtml.Render(new SearchView("", "relevance", 1, 20, null, null, AnnotationSummary.Empty, null)));
            }

            string order;
            int p, s;
            TopicQuery query;
            try
            {
                order = WebInputs.Sort(sort, "relevance");
                (p, s) = WebInputs.Paging(page, null, 20);
                query = TopicQuery.Parse(q);
            }
            catch (HeraldException e)
            {
                return HtmlResult(SearchHtml.Render(new SearchView(q, "relevance", 1, 20, null, null, AnnotationSummary.Empty, e.Message)), 400);
            }

            try
            {
                var results = await insights.SearchBoundedAsync(query, new SearchOptions(s, (p - 1) * s, order == "newest" ? SearchSort.Newest : SearchSort.Relevance, Snippets: true), SearchBound, ct);
                var facets = await insights.FacetsAsync(query, 10, FacetCap, ct);
                var ann = AnnotationSummary.From(await insights.GetAnnotationsAsync(results.Hits.Select(h => h.Article.Id).ToList(), ct), 8);
                return HtmlResult(SearchHtml.Render(new SearchView(q, order, p, s, results, facets, ann, null)));
            }
            catch (HeraldException e)
            {
                return HtmlResult(SearchHtml.Render(new SearchView(q, order, p, s, null, null, AnnotationSummary.Empty, e.Message)), 400);
            }
        }).ExcludeFromDescription();

        app.MapGet("/search/{format}", async (string format, string? q, IArticleStore store, IArticleInsights insights, TopicPages pages, HttpContext http, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(q))
            {
                return HtmlResult(ArticleHtml.Message("Bad request", "Give a query as q, for example /search/rss?q=Iraq."), 400);
            }

            var page = await pages.BuildAsync("Search: " + q, q, 100, store, insights, ct);
            return Feed(format, page, http) ?? NotFound($"Unknown format \"{format}\" (rss, atom, json, text).");
        }).ExcludeFromDescription();

        app.MapGet("/sources", async (HttpContext http, IAntiforgery af, IArticleInsights insights, CancellationToken ct) =>
            HtmlResult(FormHtml.Sources(await SourceForms.ListSourcesAsync(http, ct), af.GetAndStoreTokens(http).RequestToken!))).ExcludeFromDescription();
        SourceForms.Map(app);

        app.MapGet("/login", (string? @return, HttpContext http, IAntiforgery af) =>
            HtmlResult(FormHtml.Login(af.GetAndStoreTokens(http).RequestToken!, @return, null))).ExcludeFromDescription();

        app.MapPost("/login", async (HttpContext http, IAntiforgery af, WebSecurity security, CancellationToken ct) =>
        {
            if (!await af.IsRequestValidAsync(http))
            {
                return HtmlResult(ArticleHtml.Message("Bad request", WebSecurity.FormExpired), 400);
            }

            var form = await http.Request.ReadFormAsync(ct);
            if (!security.HasToken || !security.IsTokenValid(form["secret"]))
            {
                return HtmlResult(FormHtml.Login(af.GetAndStoreTokens(http).RequestToken!, form["return"], "That is not the token this Herald was started with."), 401);
            }

            http.Response.Cookies.Append(WebSecurity.SessionCookie, security.SessionValue(), WebSecurity.SessionCookieOptions(http.Request));
            var back = form["return"].ToString();
            return Results.Redirect(back.StartsWith('/') && !back.StartsWith("//", StringComparison.Ordinal) && !back.Contains('\\', StringComparison.Ordinal) ? back : "/");
        }).ExcludeFromDescription().RequireRateLimiting(WebSecurity.SignInPolicy);
    }

    private static void MapTopics(WebApplication app)
    {
        app.MapGet("/topics/new", (HttpContext http, IAntiforgery af) =>
            HtmlResult(FormHtml.Topic(null, "", "", af.GetAndStoreTokens(http).RequestToken!, null))).ExcludeFromDescription();

        app.MapPost("/topics", async (HttpContext http, IAntiforgery af, WebSecurity security, IArticleStore store, TimeProvider clock, CancellationToken ct) =>
        {
            if (await Guard(http, af, security) is { } denied)
            {
                return denied;
            }

            var form = await http.Request.ReadFormAsync(ct);
            string name, query;
            try
            {
                name = WebInputs.TopicName(form["name"]);
                query = WebInputs.TopicQueryText(form["query"]);
                if (await store.GetTopicAsync(name, ct) is not null)
                {
                    throw new HeraldException($"topic \"{name}\"", "exists already; open it and choose Edit topic");
                }
            }
            catch (HeraldException e)
            {
                return HtmlResult(FormHtml.Topic(null, form["name"].ToString(), form["query"].ToString(), af.GetAndStoreTokens(http).RequestToken!, e.Message), 400);
            }

            await store.SaveTopicAsync(new Topic(name, query, clock.GetUtcNow()), ct);
            return Results.Redirect("/topics/" + Uri.EscapeDataString(name), permanent: false, preserveMethod: false);
        }).ExcludeFromDescription();

        app.MapGet("/topics/{name}", async (string name, string? outlet, string? entity, string? hours, string? since, string[]? compare, string? measure, string? range, string? split, HttpContext http, IArticleStore store, IArticleInsights insights, TopicPages pages, TimeProvider clock, CancellationToken ct) =>
        {
            if (await store.GetTopicAsync(name, ct) is not { } topic)
            {
                return NotFound($"There is no topic named \"{name}\".");
            }

            var filter = TopicFilter.From(outlet, entity, hours, since);
            DateTimeOffset? lastVisit = null;
            if (filter.IsEmpty)
            {
                // "New since your last visit": the time of this browser's previous visit lives in a cookie per topic.
                var cookie = VisitCookie(topic.Name);
                if (long.TryParse(http.Request.Cookies[cookie], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms)
                    && ms is > 0 and < 253_402_300_799_000)
                {
                    lastVisit = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                }

                http.Response.Cookies.Append(cookie, clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = http.Request.IsHttps,
                    Path = "/topics/",
                    MaxAge = TimeSpan.FromDays(400),
                    IsEssential = true,
                });
            }

            return HtmlResult(await pages.RenderAsync(topic, filter, ChartOptions.From(compare, measure, range, split), lastVisit, store, insights, ct));
        }).ExcludeFromDescription();

        app.MapGet("/topics/{name}/edit", async (string name, HttpContext http, IAntiforgery af, IArticleStore store, CancellationToken ct) =>
            await store.GetTopicAsync(name, ct) is { } topic
                ? HtmlResult(FormHtml.Topic(topic, topic.Name, topic.Query, af.GetAndStoreTokens(http).RequestToken!, null))
                : NotFound($"There is no topic named \"{name}\".")).ExcludeFromDescription();

        app.MapPost("/topics/{name}/edit", async (string name, HttpContext http, IAntiforgery af, WebSecurity security, IArticleStore store, CancellationToken ct) =>
        {
            if (await Guard(http, af, security) is { } denied)
            {
                return denied;
            }

            if (await store.GetTopicAsync(name, ct) is not { } topic)
            {
                return NotFound($"There is no topic named \"{name}\".");
            }

            var form = await http.Request.ReadFormAsync(ct);
            string query;
            try
            {
                query = WebInputs.TopicQueryText(form["query"]);
            }
            catch (HeraldException e)
            {
                return HtmlResult(FormHtml.Topic(topic, topic.Name, form["query"].ToString(), af.GetAndStoreTokens(http).RequestToken!, e.Message), 400);
            }

            await store.SaveTopicAsync(topic with { Query = query }, ct);
            return Results.Redirect("/topics/" + Uri.EscapeDataString(topic.Name));
        }).ExcludeFromDescription();

        app.MapGet("/topics/{name}/delete", async (string name, HttpContext http, IAntiforgery af, IArticleStore store, CancellationToken ct) =>
            await store.GetTopicAsync(name, ct) is { } topic
                ? HtmlResult(FormHtml.DeleteTopic(topic, af.GetAndStoreTokens(http).RequestToken!))
                : NotFound($"There is no topic named \"{name}\".")).ExcludeFromDescription();

        app.MapPost("/topics/{name}/delete", async (string name, HttpContext http, IAntiforgery af, WebSecurity security, IArticleStore store, CancellationToken ct) =>
        {
            if (await Guard(http, af, security) is { } denied)
            {
                return denied;
            }

            // Only the confirmation page's form deletes; any other post is shown that page first.
            var form = await http.Request.ReadFormAsync(ct);
            if (form["confirm"] != "yes")
            {
                return Results.Redirect("/topics/" + Uri.EscapeDataString(name) + "/delete");
            }

            return await store.DeleteTopicAsync(name, ct) ? Results.Redirect("/") : NotFound($"There is no topic named \"{name}\".");
        }).ExcludeFromDescription();

        app.MapGet("/topics/{name}/quotes", async (string name, string? speaker, string? days, IArticleStore store, IArticleInsights insights, TopicPages pages, TimeProvider clock, CancellationToken ct) =>
        {
            if (await store.GetTopicAsync(name, ct) is not { } topic)
            {
                return NotFound($"There is no topic named \"{name}\".");
            }

            int? within = null;
            if (!string.IsNullOrEmpty(days))
            {
                if (!int.TryParse(days, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) || d is < 1 or > 3660)
                {
                    return HtmlResult(ArticleHtml.Message("Bad request", $"days \"{days}\" must be a whole number of days from 1 to 3660."), 400);
                }

                within = d;
            }

            // The topic's page, composed by the one builder; quotes count once per original, as names do.
            var page = await pages.BuildAsync(topic.Name, topic.Query, TopicPages.Limit, store, insights, ct);
            var ids = page.Stories.SelectMany(s => s.Versions).Select(v => v.Original.Id).ToList();
            var ann = AnnotationSummary.From(await insights.GetAnnotationsAsync(ids, ct), asked: ids.Count);
            var who = string.IsNullOrWhiteSpace(speaker) ? null : speaker.Trim();
            return HtmlResult(QuotesHtml.Page(topic.Name, page, ann, who is null ? null : ann.SpeakerNames.GetValueOrDefault(who, who), within, clock.GetUtcNow()));
        }).ExcludeFromDescription();

        app.MapGet("/topics/{name}/{format}", async (string name, string format, HttpContext http, IArticleStore store, IArticleInsights insights, TopicPages pages, CancellationToken ct) =>
        {
            if (await store.GetTopicAsync(name, ct) is not { } topic)
            {
                return NotFound($"There is no topic named \"{name}\".");
            }

            var page = await pages.BuildAsync(topic.Name, topic.Query, TopicPages.Limit, store, insights, ct);
            return Feed(format, page, http) ?? NotFound($"Unknown format \"{format}\" (rss, atom, json, text).");
        }).ExcludeFromDescription();
    }

    private static IResult? Feed(string format, TopicPage page, HttpContext http)
    {
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
        return format switch
        {
            "rss" => Results.Text(TopicFeedWriter.Rss(page, baseUrl), "application/rss+xml; charset=utf-8"),
            "atom" => Results.Text(TopicFeedWriter.Atom(page, baseUrl), "application/atom+xml; charset=utf-8"),
            "json" => Results.Text(TopicFeedWriter.JsonFeed(page, baseUrl), "application/feed+json; charset=utf-8"),
            "text" => Results.Text(SeedPageWriter.Write(page), "text/plain; charset=utf-8"),
            _ => null,
        };
    }

    /// <summary>
    /// How many articles the story lists ranked: the store's size when it holds fewer than <see cref="RecentWindow"/>
    /// (counted no further than that), else null ("the newest 20,000").
    /// </summary>
    private static async Task<int?> WindowSizeAsync(IArticleInsights insights, CancellationToken ct)
    {
        var all = await insights.FacetsAsync(TopicQuery.All, 1, RecentWindow, ct);
        return all.Sampled is null && all.Languages.Count < 20 ? all.Languages.Sum(l => l.Count) : null;
    }

    /// <summary>The cookie holding this browser's last visit to a topic: a short hash of the name, safe in a cookie name.</summary>
    internal static string VisitCookie(string topic) =>
        "herald-visit-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(topic.ToUpperInvariant())).AsSpan(0, 6));

    /// <summary>A form post may change things when the browser may (session where required) and the form token holds.</summary>
    internal static async Task<IResult?> Guard(HttpContext http, IAntiforgery af, WebSecurity security)
    {
        if (!security.MayChange(http.Request))
        {
            return Results.Redirect("/login?return=" + Uri.EscapeDataString(http.Request.Path));
        }

        return await af.IsRequestValidAsync(http) ? null : HtmlResult(ArticleHtml.Message("Bad request", WebSecurity.FormExpired), 400);
    }
}
