using System.Text;
using System.Text.Json;
using Herald.Model;
using Herald.Pipeline;
using Herald.Publish.Research;
using Herald.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Herald.Web.Api;

/// <summary>
/// <c>GET /api/export?format=csv|jsonl&amp;q=QUERY</c> (or <c>topic=NAME</c>, <c>story=ID</c>; nothing selects every
/// article): the research export as a download, streamed row by row as the store reads them, so a large result is
/// never held in memory (the ETag middleware lets this path through unbuffered).
/// </summary>
internal static class ExportEndpoints
{
    public const string Path = "/api/export";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Path, async (HttpContext http, string? format, string? q, string? topic, string? story, IArticleStore store, CancellationToken ct) =>
        {
            var kind = string.IsNullOrEmpty(format) ? "csv" : format;
            if (kind is not ("csv" or "jsonl"))
            {
                await ApiResults.Problem(400, "Bad request", "format is csv or jsonl.").ExecuteAsync(http);
                return;
            }

            if (new[] { q, topic, story }.Count(x => !string.IsNullOrWhiteSpace(x)) > 1)
            {
                await ApiResults.Problem(400, "Bad request", "Select by one of q, topic or story.").ExecuteAsync(http);
                return;
            }

            TopicQuery? query = null;
            if (!string.IsNullOrWhiteSpace(q))
            {
                query = TopicQuery.Parse(q);
            }
            else if (!string.IsNullOrWhiteSpace(topic))
            {
                var t = await store.GetTopicAsync(topic, ct);
                if (t is null)
                {
                    await ApiResults.Problem(404, "Not found", $"No topic named {topic}.").ExecuteAsync(http);
                    return;
                }

                query = TopicQuery.Parse(t.Query);
            }
            else if (!string.IsNullOrWhiteSpace(story))
            {
                var living = await store.ResolveStoryAsync(story, ct);
                if (living is null)
                {
                    await ApiResults.Problem(404, "Not found", $"No story {story}.").ExecuteAsync(http);
                    return;
                }

                query = TopicQuery.Parse("story:" + living);
            }

            http.Response.ContentType = kind == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"herald-export.{kind}\"";
            var body = http.Response.Body;
            var rows = 0;
            if (kind == "csv")
            {
                await using var w = new StreamWriter(body, new UTF8Encoding(false), 1 << 14, leaveOpen: true);
                await w.WriteAsync(ResearchCsv.Header + "\r\n");
                await foreach (var a in store.ExportAsync(query, ct))
                {
                    await w.WriteAsync(ResearchCsv.Row(a) + "\r\n");
                    if (++rows % 256 == 0)
                    {
                        await w.FlushAsync(ct);
                    }
                }

                await w.FlushAsync(ct);
                return;
            }

            await using var json = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            await foreach (var a in store.ExportAsync(query, ct))
            {
                ArticleJson.Write(json, a);
                await json.FlushAsync(ct);
                json.Reset();
                await body.WriteAsync("\n"u8.ToArray(), ct);
            }
        }).WithSummary("Stored articles as a CSV (outlet, country, language, story…) or JSONL download, streamed; select with q (a query), topic or story")
            .Produces(200, contentType: "text/csv").ProducesProblem(400).ProducesProblem(404);
}
