using Herald.Model;

namespace Herald.Ingest.Fetch;

/// <summary>Turns a fetched HTML page into an article (the Extract stage, seen from Ingest).</summary>
public interface IPageExtractor
{
    Article? Extract(byte[] html, string? contentType, Uri url);
}

/// <summary>
/// For feeds that carry only a summary: fetches the linked page through the same polite fetcher and
/// runs the extractor. The page's fields win where it has them; the feed's fill every gap. The item's
/// identity (id, URL, canonical URL) always stays the feed's, so storing the richer version updates the
/// same record.
/// </summary>
public sealed class FullTextFetcher(FeedFetcher fetcher, IPageExtractor extractor)
{
    /// <summary>Feed text shorter than this (in characters) counts as a summary.</summary>
    public int MinFeedTextChars { get; init; } = 600;

    public bool NeedsFullText(Article article) =>
        article.Text.Length < MinFeedTextChars && article.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http", StringComparison.Ordinal);

    public async Task<Article> EnrichAsync(Article fromFeed, CancellationToken ct)
    {
        if (!NeedsFullText(fromFeed))
        {
            return fromFeed;
        }

        var result = await fetcher.FetchAsync(new FetchRequest(new Uri(fromFeed.Url!)) { Unconditional = true }, ct);
        if (result.Outcome != FetchOutcome.Fetched)
        {
            return fromFeed;
        }

        Article? page;
        try
        {
            page = extractor.Extract(result.Body, result.ContentType, result.FinalUrl ?? new Uri(fromFeed.Url!));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One bad page must not sink the batch; the feed's version stands.
            return fromFeed;
        }

        if (page is null || page.Text.Length <= fromFeed.Text.Length)
        {
            return fromFeed;
        }

        return fromFeed with
        {
            Title = page.Title.Length > 0 ? page.Title : fromFeed.Title,
            Authors = page.Authors.Count > 0 ? page.Authors : fromFeed.Authors,
            Published = page.Published ?? fromFeed.Published,
            PublishedSource = page.Published is not null ? page.PublishedSource : fromFeed.PublishedSource,
            DateOnly = page.Published is not null ? page.DateOnly : fromFeed.DateOnly,
            Outlet = page.Outlet ?? fromFeed.Outlet,
            Language = page.Language ?? fromFeed.Language,
            Text = page.Text,
            Image = page.Image ?? fromFeed.Image,
        };
    }
}
