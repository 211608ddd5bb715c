using Herald.Pipeline;
using System.Runtime.CompilerServices;
using Herald.Ingest.Fetch;
using Herald.Model;

namespace Herald.Ingest.Warc;

/// <summary>
/// `herald ingest` for WARC files (.warc, .warc.gz), the format of Common Crawl's news archive: each
/// successful HTML response goes through the page extractor and becomes an article keyed by its URL.
/// </summary>
public sealed class WarcImporter(IPageExtractor extractor) : IFileImporter
{
    public bool CanRead(string path) =>
        path.EndsWith(".warc", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".warc.gz", StringComparison.OrdinalIgnoreCase);

    public async IAsyncEnumerable<Article> ReadAsync(string path, Action<string> warn, [EnumeratorCancellation] CancellationToken ct)
    {
        var reader = WarcReader.Open(path);
        var skipped = 0;
        foreach (var response in reader.Responses())
        {
            ct.ThrowIfCancellationRequested();
            if (response.Status != 200 || !(response.ContentType ?? "").Contains("html", StringComparison.OrdinalIgnoreCase)
                || !Uri.TryCreate(response.TargetUri, UriKind.Absolute, out var url))
            {
                skipped++;
                continue;
            }

            Article? article;
            try
            {
                article = extractor.Extract(response.Body, response.ContentType, url);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                warn($"{path}: {response.TargetUri}: {e.Message}");
                continue;
            }

            if (article is not null)
            {
                yield return article with { FirstSeen = article.FirstSeen ?? response.Date };
            }

            await Task.Yield();
        }

        if (reader.Problem is { } problem)
        {
            warn($"{path}: {problem}");
        }

        if (skipped > 0)
        {
            warn($"{path}: {skipped} responses were not HTML pages with status 200");
        }
    }
}
