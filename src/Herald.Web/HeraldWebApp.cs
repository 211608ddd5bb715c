using System.Net;
using Herald.Model;
using Herald.Pipeline;
using Herald.Storage.Sqlite;
using Herald.Topics;
using Herald.Web.Html;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Web;

/// <summary>Settings for the web host.</summary>
public sealed record WebOptions(string DataDirectory, int Port = 5080, string Bind = "127.0.0.1");

/// <summary>
/// The web UI and feeds out: server-rendered HTML, no scripts, a strict Content-Security-Policy, and every
/// scraped string HTML-encoded. One SQLite connection per request.
/// </summary>
public static class HeraldWebApp
{
    private const string Csp = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static WebApplication Build(WebOptions options)
    {
        if (!IPAddress.TryParse(options.Bind, out var address))
        {
            throw new HeraldException(options.Bind, "not an IP address to listen on");
        }

        if (!IPAddress.IsLoopback(address))
        {
            throw new HeraldException(options.Bind, "Herald listens only on loopback addresses (127.0.0.1, ::1) in this version");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, options.Port));
        var dbPath = Path.Combine(options.DataDirectory, "herald.db");
        builder.Services.AddScoped<IArticleStore>(_ => SqliteStore.Open(dbPath));
        builder.Services.AddSingleton(TimeProvider.System);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = Csp;
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            h.XFrameOptions = "DENY";
            try
            {
                await next(context);
            }
            catch (HeraldException e) when (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(ArticleHtml.Message("Bad request", e.Message));
            }
        });
        Map(app);
        return app;
    }

    private static IResult HtmlResult(string html, int status = 200) =>
        Results.Text(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    private static void Map(WebApplication app)
    {
        app.MapGet("/static/herald.css", () => Results.Text(Html.Html.Css, "text/css; charset=utf-8"));
        app.MapGet("/healthz", () => Results.Text("ok"));

        app.MapGet("/", async (IArticleStore store, CancellationToken ct) =>
            HtmlResult(ArticleHtml.Index(await store.ListTopicsAsync(ct), await store.ListStoriesAsync(null, 20, ct))));

        app.MapGet("/topics/{name}", async (string name, IArticleStore store, TimeProvider clock, CancellationToken ct) =>
        {
            var topic = await store.GetTopicAsync(name, ct);
            if (topic is null)
            {
                return HtmlResult(ArticleHtml.Message("Not found", $"There is no topic named \"{name}\"."), 404);
            }

            var page = await new TopicPageBuilder(store, clock).BuildAsync(topic, ct);
            var summary = await store.SummarizeAsync(TopicQuery.Parse(topic.Query), ct);
            return HtmlResult(TopicHtml.Render(page, summary));
        });

        app.MapGet("/topics/{name}/{format}", async (string name, string format, HttpContext http, IArticleStore store, TimeProvider clock, CancellationToken ct) =>
        {
            var topic = await store.GetTopicAsync(name, ct);
            if (topic is null)
            {
                return HtmlResult(ArticleHtml.Message("Not found", $"There is no topic named \"{name}\"."), 404);
            }

            var page = await new TopicPageBuilder(store, clock).BuildAsync(topic, ct);
            var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
            return format switch
            {
                "rss" => Results.Text(TopicFeedWriter.Rss(page, baseUrl), "application/rss+xml; charset=utf-8"),
                "atom" => Results.Text(TopicFeedWriter.Atom(page, baseUrl), "application/atom+xml; charset=utf-8"),
                "json" => Results.Text(TopicFeedWriter.JsonFeed(page, baseUrl), "application/feed+json; charset=utf-8"),
                "text" => Results.Text(SeedPageWriter.Write(page), "text/plain; charset=utf-8"),
                _ => HtmlResult(ArticleHtml.Message("Not found", $"Unknown format \"{format}\" (rss, atom, json, text)."), 404),
            };
        });

        app.MapGet("/articles/{id}", async (string id, IArticleStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } a
                ? HtmlResult(ArticleHtml.Article(a))
                : HtmlResult(ArticleHtml.Message("Not found", $"There is no article with id \"{id}\"."), 404));

        app.MapGet("/stories", async (IArticleStore store, CancellationToken ct) =>
            HtmlResult(Html.Html.Layout("Stories", ArticleHtml.StoryList(await store.ListStoriesAsync(null, 100, ct)))));

        app.MapGet("/stories/{id}", async (string id, IArticleStore store, CancellationToken ct) =>
        {
            var articles = await store.GetStoryArticlesAsync(id, ct);
            return articles.Count == 0
                ? HtmlResult(ArticleHtml.Message("Not found", $"There is no story with id \"{id}\"."), 404)
                : HtmlResult(ArticleHtml.Story(id, articles));
        });

        app.MapGet("/search", async (string? q, IArticleStore store, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(q))
            {
                return HtmlResult(ArticleHtml.Search("", null, null));
            }

            try
            {
                var page = await store.SearchAsync(TopicQuery.Parse(q), new SearchOptions(Limit: 100, Sort: SearchSort.Relevance, Snippets: true), ct);
                return HtmlResult(ArticleHtml.Search(q, page, null));
            }
            catch (HeraldException e)
            {
                return HtmlResult(ArticleHtml.Search(q, null, e.Message), 400);
            }
        });
    }
}
