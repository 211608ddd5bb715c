using Herald.Web.Api;
using Herald.Web.Fever;
using Herald.Web.Gdelt;
using Herald.Web.GReader;
using Herald.Web.Html;
using Herald.Web.Pages;
using Microsoft.AspNetCore.Http;

namespace Herald.Web;

/// <summary>
/// The routes a PostgreSQL-backed web host cannot serve yet, because what they need lives in the SQLite file only:
/// reader accounts (the Google Reader and Fever APIs, and rule previews and reruns, which see what readers have
/// read), the source forms and GDELT updates (the data folder's SQLite tables) and /healthz (which checks that file).
/// Each answers 501 with a one-line reason before its route runs, rather than failing inside it.
/// </summary>
internal static class SqliteOnly
{
    public const string Readers = "reader accounts (the Google Reader and Fever APIs, rule previews and reruns)";
    public const string Sources = "the sources page and its forms (use herald sources, herald add-feed or herald import-opml; /api/sources lists the feeds)";
    public const string Gdelt = "GDELT 15-minute updates (herald export --format gdelt-update writes them from this store)";
    public const string Health = "/healthz (it checks the SQLite file; ask PostgreSQL itself)";

    public static string Reason(string what) => $"This Herald serves a PostgreSQL store; {what} work on the SQLite store only so far.";

    /// <summary>What the request needs that only SQLite has, or null when the PostgreSQL store can answer it.</summary>
    public static string? Needs(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments(GReaderEndpoints.Prefix, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(FeverEndpoints.Path, StringComparison.OrdinalIgnoreCase)
            || (path.StartsWithSegments("/api/rules", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(request.Method)
                && (path.Value!.EndsWith("/preview", StringComparison.OrdinalIgnoreCase) || path.Value.EndsWith("/rerun", StringComparison.OrdinalIgnoreCase))))
        {
            return Readers;
        }

        if (path.StartsWithSegments("/sources", StringComparison.OrdinalIgnoreCase))
        {
            return Sources;
        }

        if (path.StartsWithSegments(GdeltUpdates.Path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return Gdelt;
        }

        return path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase) ? Health : null;
    }

    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        if (Needs(context.Request) is not { } what)
        {
            await next(context);
            return;
        }

        var result = context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            ? ApiResults.Problem(501, "Not implemented", Reason(what))
            : PageEndpoints.HtmlResult(ArticleHtml.Message("Not on PostgreSQL yet", Reason(what)), 501);
        await result.ExecuteAsync(context);
    }
}
