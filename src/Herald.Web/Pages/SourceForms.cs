using System.Globalization;
using Herald.Ingest.Feeds;
using Herald.Model;
using Herald.Pipeline;
using Herald.Storage.Sqlite;
using Herald.Web.Html;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Web.Pages;

/// <summary>
/// Where the followed feeds live: the ingestion stage's own tables in the data folder's SQLite file (opened for each
/// request), or the PostgreSQL store the host serves (shared, as it pools its own connections).
/// </summary>
internal sealed class WebSources(string dataDirectory, ISourceStore? shared)
{
    /// <summary>The sources for one request; disposing closes them when they were opened for it.</summary>
    public Lease Open()
    {
        if (shared is not null)
        {
            return new Lease(shared, null);
        }

        var sqlite = SourceStore.OpenFolder(dataDirectory);
        return new Lease(sqlite, sqlite);
    }

    public sealed class Lease(ISourceStore store, IAsyncDisposable? owned) : IAsyncDisposable
    {
        public ISourceStore Store { get; } = store;

        public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}

/// <summary>
/// The sources page's forms: follow one feed, or every feed in an uploaded OPML list. Same rules as the topic
/// forms (antiforgery token always; a session when Herald listens beyond loopback), and the same ingestion code
/// as <c>herald add-feed</c> and <c>herald import-opml</c>.
/// </summary>
internal static class SourceForms
{
    /// <summary>OPML lists are small; anything larger is refused before it is parsed.</summary>
    public const long MaxOpmlBytes = 2 * 1024 * 1024;

    public static void Map(WebApplication app)
    {
        app.MapPost("/sources/feeds", async (HttpContext http, IAntiforgery af, WebSecurity security, WebSources data, IArticleInsights insights, TimeProvider clock, CancellationToken ct) =>
        {
            if (await PageEndpoints.Guard(http, af, security) is { } denied)
            {
                return denied;
            }

            var form = await http.Request.ReadFormAsync(ct);
            string url;
            try
            {
                url = HttpUrl(form["url"].ToString());
            }
            catch (HeraldException e)
            {
                return await PageAsync(http, af, insights, null, e.Message, 400, ct);
            }

            var title = form["title"].ToString().Trim();
            await using (var lease = data.Open())
            {
                var (source, added) = await lease.Store.AddAsync(url, title.Length == 0 ? null : title, clock.GetUtcNow(), ct);
                var notice = added
                    ? string.Create(CultureInfo.InvariantCulture, $"Added source {source.Id}: {source.Url}. The next fetch reads it.")
                    : string.Create(CultureInfo.InvariantCulture, $"Already following {source.Url} (source {source.Id}).");
                return await PageAsync(http, af, insights, notice, null, 200, ct);
            }
        }).ExcludeFromDescription();

        app.MapPost("/sources/opml", async (HttpContext http, IAntiforgery af, WebSecurity security, WebSources data, IArticleInsights insights, TimeProvider clock, CancellationToken ct) =>
        {
            if (await PageEndpoints.Guard(http, af, security) is { } denied)
            {
                return denied;
            }

            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files.GetFile("opml");
            IReadOnlyList<OpmlFeed> feeds;
            try
            {
                if (file is null || file.Length == 0)
                {
                    throw new HeraldException("OPML file", "none was uploaded; choose a file");
                }

                if (file.Length > MaxOpmlBytes)
                {
                    throw new HeraldException(file.FileName, $"is too large for a subscription list ({file.Length / 1024} KiB; at most {MaxOpmlBytes / 1024} KiB)");
                }

                using var reader = new StreamReader(file.OpenReadStream());
                feeds = Opml.Parse(await reader.ReadToEndAsync(ct), file.FileName);
            }
            catch (HeraldException e)
            {
                return await PageAsync(http, af, insights, null, e.Message, 400, ct);
            }

            int added = 0, skipped = 0;
            await using (var lease = data.Open())
            {
                var sources = lease.Store;
                foreach (var feed in feeds)
                {
                    if (!IsHttp(feed.Url, out var u))
                    {
                        skipped++;
                        continue;
                    }

                    added += (await sources.AddAsync(u.AbsoluteUri, feed.Title, clock.GetUtcNow(), ct)).Added ? 1 : 0;
                }
            }

            var notice = string.Create(CultureInfo.InvariantCulture,
                $"{file.FileName}: {feeds.Count} feeds listed, {added} added, {feeds.Count - added - skipped} already followed, {skipped} skipped (not http(s) addresses).");
            return await PageAsync(http, af, insights, notice, null, 200, ct);
        }).ExcludeFromDescription();
    }

    /// <summary>Followed feeds, from wherever <see cref="WebSources"/> finds them.</summary>
    internal static async Task<IReadOnlyList<Herald.Model.FeedSource>> ListSourcesAsync(HttpContext http, CancellationToken ct)
    {
        await using var lease = http.RequestServices.GetRequiredService<WebSources>().Open();
        return await lease.Store.ListAsync(ct);
    }

    private static async Task<IResult> PageAsync(HttpContext http, IAntiforgery af, IArticleInsights insights, string? notice, string? error, int status, CancellationToken ct) =>
        PageEndpoints.HtmlResult(FormHtml.Sources(await SourceForms.ListSourcesAsync(http, ct), af.GetAndStoreTokens(http).RequestToken!, notice, error), status);

    private static string HttpUrl(string url) =>
        IsHttp(url, out var u) ? u.AbsoluteUri : throw new HeraldException(url.Length == 0 ? "feed address" : url, "not an http(s) address");

    private static bool IsHttp(string url, out Uri uri) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
