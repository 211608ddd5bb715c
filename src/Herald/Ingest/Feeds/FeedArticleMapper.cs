using Herald.Model;

namespace Herald.Ingest.Feeds;

/// <summary>
/// Turns feed items into <see cref="Article"/>s: plain-text headline and body, authors, the corrected
/// published time (future times clamped, zone-less times flagged as date-only confidence), the feed's
/// title as outlet when nothing better is known, and a stable id from <see cref="ItemIdentity"/>.
/// </summary>
public static class FeedArticleMapper
{
    public static Article ToArticle(FeedItem item, ParsedFeed feed, string sourceKey, DateTimeOffset now) =>
        Map(item, feed, sourceKey, now).Article;

    /// <summary>The article and the identity it was keyed by, computed together so the text is made plain once.</summary>
    public static (Article Article, ItemIdentity Identity) Map(FeedItem item, ParsedFeed feed, string sourceKey, DateTimeOffset now)
    {
        var title = item.Title?.PlainText ?? "";
        var body = item.Content.FirstOrDefault(c => c.Value.Length > 0) ?? item.Summary;
        var text = body?.PlainText ?? "";
        var identity = ItemIdentity.Of(item, title, text);
        var date = item.Published ?? item.Updated ?? item.Created;
        if (date is not null)
        {
            date = FeedDateParser.Correct(date, now);
        }

        var image = item.Enclosures.FirstOrDefault(e => e.Type?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true)?.Url;
        var article = new Article
        {
            Id = identity.ArticleId(sourceKey),
            Url = item.Link ?? (item.IdIsLink ? item.Id : null),
            CanonicalUrl = identity.CanonicalUrl,
            Title = title,
            Authors = item.Authors.Select(a => a.Name ?? a.Display).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
            Published = date?.Value,
            PublishedSource = date?.Value is null ? DateSource.Unknown : DateSource.Feed,
            DateOnly = date is not null && (date.Flags & FeedDateFlags.DateOnly) != 0,
            Outlet = feed.Channel.Title?.PlainText is { Length: > 0 } t ? t : null,
            Language = item.Language ?? feed.Channel.Language,
            Text = text,
            Image = image,
            FirstSeen = now,
        };
        return (article, identity);
    }
}
