using System.Globalization;
using Herald.Pipeline;
using Herald.Query;

namespace Herald.Web.GReader;

/// <summary>
/// Item and stream ids of the Google Reader protocol. An item id is the article's store sequence, written long
/// (<c>tag:google.com,2005:reader/item/</c> and 16 hex digits) in contents and short (signed decimal) in id lists;
/// clients may send either back. Streams: the reading list, starred and read states, a followed feed
/// (<c>feed/URL</c>), and a topic, either as a label (<c>user/-/label/NAME</c>) or as the feed that subscription/list
/// gives it (<c>feed/</c> and the topic's Atom address on Herald).
/// </summary>
internal static class GReaderIds
{
    public const string ItemPrefix = "tag:google.com,2005:reader/item/";
    public const string ReadingList = "user/-/state/com.google/reading-list";
    public const string Starred = "user/-/state/com.google/starred";
    public const string Read = "user/-/state/com.google/read";
    public const string KeptUnread = "user/-/state/com.google/kept-unread";
    public const string LabelPrefix = "user/-/label/";

    public static string LongItemId(long id) => ItemPrefix + id.ToString("x16", CultureInfo.InvariantCulture);

    public static string ShortItemId(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a long (hex) or short (decimal) item id; null when it is neither.</summary>
    public static long? ParseItemId(string raw)
    {
        raw = raw.Trim();
        if (raw.StartsWith(ItemPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var hex = raw[ItemPrefix.Length..];
            return hex.Length is > 0 and <= 16 && ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var u) ? (long)u : null;
        }

        return long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>The state part of "user/{anything}/state/com.google/X", or null; clients put their user id or "-" there.</summary>
    public static string? State(string streamId) => Normalise(streamId) switch
    {
        ReadingList => "reading-list",
        Starred => "starred",
        Read => "read",
        KeptUnread => "kept-unread",
        _ => null,
    };

    /// <summary>"user/1234/label/X" and "user/-/label/X" alike become "user/-/...".</summary>
    public static string Normalise(string streamId)
    {
        if (streamId.StartsWith("user/", StringComparison.Ordinal))
        {
            var slash = streamId.IndexOf('/', 5);
            if (slash > 0)
            {
                return "user/-" + streamId[slash..];
            }
        }

        return streamId;
    }

    /// <summary>The id subscription/list gives a topic: its Atom feed on this Herald.</summary>
    public static string TopicFeedId(string baseUrl, string topic) => "feed/" + TopicFeedUrl(baseUrl, topic);

    public static string TopicFeedUrl(string baseUrl, string topic) => baseUrl.TrimEnd('/') + "/topics/" + Uri.EscapeDataString(topic) + "/atom";

    public static string FeedId(ReaderFeed feed) => "feed/" + feed.Url;

    public static string LabelId(string topic) => LabelPrefix + topic;

    /// <summary>The topic name in a topic feed URL ("…/topics/NAME/atom"), whatever host it names, or null.</summary>
    public static string? TopicOfFeedUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        return segments.Length == 3 && segments[0] == "topics" && segments[2] == "atom" ? Uri.UnescapeDataString(segments[1]) : null;
    }
}

/// <summary>A stream id resolved against this store's topics and feeds, with the title clients show for it.</summary>
internal sealed record ResolvedStream(string Id, ReaderStream Stream, string Title, string? HtmlUrl);

internal static class StreamResolver
{
    /// <summary>Resolves a stream id; null when it names no stream this Herald has.</summary>
    public static async Task<ResolvedStream?> ResolveAsync(string id, string baseUrl, IArticleStore store, IReaderStore reader, CancellationToken ct)
    {
        var normal = GReaderIds.Normalise(id);
        switch (GReaderIds.State(normal))
        {
            case "reading-list":
                return new ResolvedStream(id, ReaderStream.ReadingList, "Reading list", null);
            case "starred":
                return new ResolvedStream(id, new ReaderStream(ReaderStreamKind.Starred), "Starred", null);
            case "read":
                return new ResolvedStream(id, new ReaderStream(ReaderStreamKind.Read), "Read", null);
        }

        if (normal.StartsWith(GReaderIds.LabelPrefix, StringComparison.Ordinal))
        {
            return await TopicAsync(id, normal[GReaderIds.LabelPrefix.Length..], baseUrl, store, ct);
        }

        if (normal.StartsWith("feed/", StringComparison.Ordinal))
        {
            var url = normal["feed/".Length..];
            var feeds = await reader.ListFeedsAsync(ct);
            if (feeds.FirstOrDefault(f => string.Equals(f.Url, url, StringComparison.Ordinal)) is { } feed)
            {
                return new ResolvedStream(id, new ReaderStream(ReaderStreamKind.Feed, FeedId: feed.Id), feed.Title ?? feed.Url, feed.Url);
            }

            if (GReaderIds.TopicOfFeedUrl(url) is { } topic)
            {
                return await TopicAsync(id, topic, baseUrl, store, ct);
            }
        }

        return null;
    }

    private static async Task<ResolvedStream?> TopicAsync(string id, string name, string baseUrl, IArticleStore store, CancellationToken ct) =>
        await store.GetTopicAsync(name, ct) is { } topic
            ? new ResolvedStream(id, new ReaderStream(ReaderStreamKind.Topic, Query: TopicQuery.Parse(topic.Query)), topic.Name, baseUrl.TrimEnd('/') + "/topics/" + Uri.EscapeDataString(topic.Name))
            : null;
}
