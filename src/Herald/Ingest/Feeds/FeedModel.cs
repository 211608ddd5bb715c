namespace Herald.Ingest.Feeds;

/// <summary>The syndication format a document turned out to be.</summary>
public enum FeedFormat
{
    Unknown = 0,
    Rss090 = 1,
    Rss091 = 2,
    Rss092 = 3,
    Rss10 = 4,
    Rss20 = 5,
    Atom03 = 6,
    Atom10 = 7,
    JsonFeed = 8,
    Cdf = 9,
    /// <summary>RSS 0.91 with Netscape's DTD (Rss091 is UserLand's).</summary>
    Rss091Netscape = 10,
    Rss093 = 11,
    Rss094 = 12,
    /// <summary>An &lt;rss&gt; document that states no version.</summary>
    Rss = 13,
}

/// <summary>What was doubtful about a feed date, so nobody trusts it blindly.</summary>
[Flags]
public enum FeedDateFlags
{
    None = 0,
    /// <summary>The text carried no zone; UTC was assumed.</summary>
    NoZone = 1,
    /// <summary>The time lay in the future and was clamped to the fetch time.</summary>
    Future = 2,
    /// <summary>Only the day (or month) was given.</summary>
    DateOnly = 4,
}

/// <summary>A date as the feed wrote it and as understood (null when it could not be read).</summary>
public sealed record FeedDate(string Raw, DateTimeOffset? Value, FeedDateFlags Flags);

/// <summary>
/// Text that may be plain, HTML or XHTML. HTML values are already sanitised and have their
/// relative URLs resolved against <see cref="Base"/>.
/// </summary>
public sealed record FeedText(string Value, string Type, string? Language, string? Base)
{
    public bool IsHtml => Type is "text/html" or "application/xhtml+xml";

    /// <summary>The value with markup removed and entities decoded, for headlines and plain text.</summary>
    public string PlainText => IsHtml ? HtmlText.ToPlainText(Value) : Value;

    /// <summary>Set only for out-of-line content (Atom <c>content src</c>).</summary>
    public string? Source { get; init; }
}

public sealed record FeedPerson(string? Name, string? Email, string? Uri)
{
    /// <summary>The author text exactly as an RSS feed wrote it ("jo@example.com (Jo)"), when it was text.</summary>
    public string? Raw { get; init; }

    /// <summary>The display form: the feed's own text, else "name (email)" or whichever part exists.</summary>
    public string Display =>
        Raw ?? (Name is { Length: > 0 } && Email is { Length: > 0 } ? $"{Name} ({Email})" : Name ?? Email ?? Uri ?? "");
}

public sealed record FeedLink(string Href, string Rel, string? Type, string? Title, string? Length, string? HrefLang);

public sealed record FeedCategory(string Term, string? Scheme, string? Label);

public sealed record FeedEnclosure(string Url, string? Type, string? Length);

public sealed record FeedGenerator(string Name, string? Uri, string? Version);

/// <summary>The feed-level metadata (also used for an entry's Atom <c>source</c>).</summary>
public sealed record FeedChannel
{
    public FeedText? Title { get; init; }
    public FeedText? Subtitle { get; init; }
    public FeedText? Info { get; init; }
    public FeedText? Rights { get; init; }
    public string? Link { get; init; }
    public IReadOnlyList<FeedLink> Links { get; init; } = [];
    public string? Id { get; init; }
    public FeedDate? Updated { get; init; }
    public FeedDate? Published { get; init; }
    public IReadOnlyList<FeedPerson> Authors { get; init; } = [];
    public IReadOnlyList<FeedPerson> Contributors { get; init; } = [];
    public FeedPerson? Publisher { get; init; }
    public FeedGenerator? Generator { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<FeedCategory> Categories { get; init; } = [];
    public string? Image { get; init; }
    public string? Icon { get; init; }
    /// <summary>RSS &lt;ttl&gt; in minutes, or the sy:updatePeriod equivalent.</summary>
    public int? TtlMinutes { get; init; }
}

/// <summary>One entry of a feed, with every field a parser could recover.</summary>
public sealed record FeedItem
{
    public string? Id { get; init; }
    /// <summary>True when the RSS guid doubles as the item's link.</summary>
    public bool IdIsLink { get; init; }
    public FeedText? Title { get; init; }
    public string? Link { get; init; }
    public IReadOnlyList<FeedLink> Links { get; init; } = [];
    public FeedText? Summary { get; init; }
    public IReadOnlyList<FeedText> Content { get; init; } = [];
    public FeedDate? Published { get; init; }
    public FeedDate? Updated { get; init; }
    public FeedDate? Created { get; init; }
    public IReadOnlyList<FeedPerson> Authors { get; init; } = [];
    public IReadOnlyList<FeedPerson> Contributors { get; init; } = [];
    public FeedPerson? Publisher { get; init; }
    public IReadOnlyList<FeedCategory> Categories { get; init; } = [];
    public IReadOnlyList<FeedEnclosure> Enclosures { get; init; } = [];
    public string? Comments { get; init; }
    public FeedText? Rights { get; init; }
    public FeedChannel? Source { get; init; }
    public string? Language { get; init; }
}

/// <summary>
/// The result of parsing one document. <see cref="WellFormed"/> false means the document broke its
/// own format's rules (feedparser's "bozo") and <see cref="Problem"/> says how; whatever could be
/// recovered is still in <see cref="Channel"/> and <see cref="Items"/>.
/// </summary>
public sealed record ParsedFeed
{
    public FeedFormat Format { get; init; }
    /// <summary>The character encoding the bytes were read with (lower case, e.g. "utf-8").</summary>
    public string Encoding { get; init; } = "utf-8";
    public bool WellFormed { get; init; } = true;
    public string? Problem { get; init; }
    public FeedChannel Channel { get; init; } = new();
    public IReadOnlyList<FeedItem> Items { get; init; } = [];

    public bool IsFeed => Format != FeedFormat.Unknown;
}
