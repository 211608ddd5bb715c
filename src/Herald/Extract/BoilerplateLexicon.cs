namespace Herald.Extract;

/// <summary>
/// Words that sites use in class and id attributes to name page furniture. Matched per token
/// (split on anything but letters and digits), so "ad" hits "ad-slot" but not "header" or "read".
/// </summary>
internal static class BoilerplateLexicon
{
    /// <summary>Furniture whatever else the name says: a "share-article" box is still a share box.</summary>
    private static readonly HashSet<string> HardTokens = new(StringComparer.Ordinal)
    {
        "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adslot", "adunit", "dfp", "gpt",
        "share", "shares", "sharing", "sharebar", "social", "socials", "sociallinks", "follow",
        "related", "recommended", "recommendations", "recirc", "recirculation", "outbrain", "taboola", "zergnet",
        "comment", "comments", "disqus", "discussion", "respond",
        "newsletter", "newsletters", "subscribe", "subscription", "signup", "registration", "regwall",
        "cookie", "cookies", "consent", "gdpr", "privacy",
        "promo", "promos", "promotion", "sponsored", "sponsor", "partner", "affiliate",
        "breadcrumb", "breadcrumbs", "tags", "tag", "keywords", "topics",
        "popular", "trending", "mostread", "mostpopular", "most", "toplist",
        "byline", "bylines", "author", "authors", "contributor", "timestamp", "dateline", "published", "date", "time",
        "caption", "captions", "figcaption", "credit", "credits", "copyright", "disclaimer",
        "toolbar", "tools", "pagination", "pager", "prevnext",
        "modal", "popup", "overlay", "lightbox", "dialog", "interstitial",
        "print", "email", "mail", "skip", "sronly", "visuallyhidden", "invisible", "offscreen",
        "bio", "biography", "readmore", "readnext", "upnext", "moreon", "more", "also", "further", "teaser", "teasers",
        "video", "playlist", "gallery", "slideshow", "carousel",
    };

    /// <summary>Furniture unless the same name also says it holds the article ("main-content", "article-header").</summary>
    private static readonly HashSet<string> SoftTokens = new(StringComparer.Ordinal)
    {
        "nav", "navbar", "navigation", "menu", "menus", "footer", "rodape", "header", "masthead", "sidebar", "rail", "aside",
        "widget", "widgets", "banner", "meta", "links", "cards", "sticky", "utility",
    };

    private static readonly HashSet<string> PositiveTokens = new(StringComparer.Ordinal)
    {
        "article", "articlebody", "body", "content", "entry", "main", "post", "story", "text", "blog", "prose",
    };

    /// <summary>Long distinctive fragments worth finding inside unsplit names ("relatedArticles", "commentlist").</summary>
    private static readonly string[] HardFragments =
    [
        "comment", "advert", "newsletter", "cookie", "outbrain", "taboola", "recommend", "breadcrumb", "sponsor",
        "subscri", "signup", "trending", "related", "social", "sharing", "sharebar", "promo", "popup", "byline",
        "mostread", "mostpopular", "readmore",
    ];

    public static BoilerplateMatch Classify(string? className, string? id)
    {
        var result = BoilerplateMatch.None;
        if (!string.IsNullOrEmpty(className))
        {
            result = Max(result, ClassifyName(className));
        }

        if (!string.IsNullOrEmpty(id))
        {
            result = Max(result, ClassifyName(id));
        }

        return result;
    }

    private static BoilerplateMatch Max(BoilerplateMatch a, BoilerplateMatch b) => a >= b ? a : b;

    /// <summary>
    /// Class strings repeat across a page and across a site's pages ("story-body__paragraph"), so each thread
    /// remembers recent answers; bounded so a hostile page cannot grow it without limit.
    /// </summary>
    [ThreadStatic]
    private static Dictionary<string, BoilerplateMatch>? t_cache;

    private static BoilerplateMatch ClassifyName(string name)
    {
        var cache = t_cache ??= new Dictionary<string, BoilerplateMatch>(StringComparer.Ordinal);
        if (cache.TryGetValue(name, out var known))
        {
            return known;
        }

        if (cache.Count >= 20_000)
        {
            cache.Clear();
        }

        var result = ClassifyUncached(name);
        cache[name] = result;
        return result;
    }

    private static BoilerplateMatch ClassifyUncached(string name)
    {
        Span<char> lower = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        name.AsSpan().ToLowerInvariant(lower);
        var hard = false;
        var soft = false;
        var positive = false;
        var lookup = HardTokens.GetAlternateLookup<ReadOnlySpan<char>>();
        var softLookup = SoftTokens.GetAlternateLookup<ReadOnlySpan<char>>();
        var posLookup = PositiveTokens.GetAlternateLookup<ReadOnlySpan<char>>();
        var i = 0;
        while (i < lower.Length)
        {
            while (i < lower.Length && !char.IsAsciiLetterOrDigit(lower[i]))
            {
                i++;
            }

            var start = i;
            while (i < lower.Length && char.IsAsciiLetterOrDigit(lower[i]))
            {
                i++;
            }

            if (i == start)
            {
                continue;
            }

            var token = (ReadOnlySpan<char>)lower[start..i];
            if (lookup.Contains(token))
            {
                hard = true;
            }
            else if (softLookup.Contains(token))
            {
                soft = true;
            }
            else if (posLookup.Contains(token))
            {
                positive = true;
            }
        }

        if (!hard)
        {
            ReadOnlySpan<char> all = lower;
            foreach (var fragment in HardFragments)
            {
                if (all.Contains(fragment, StringComparison.Ordinal))
                {
                    hard = true;
                    break;
                }
            }
        }

        // Embedded posts (tweets, Instagram) quoted by the article are its content, whatever box they sit in.
        ReadOnlySpan<char> whole = lower;
        if (whole.Contains("embed", StringComparison.Ordinal) || whole.Contains("tweet", StringComparison.Ordinal))
        {
            return BoilerplateMatch.None;
        }

        if (hard)
        {
            return BoilerplateMatch.Hard;
        }

        if (soft)
        {
            return positive ? BoilerplateMatch.None : BoilerplateMatch.Soft;
        }

        return positive ? BoilerplateMatch.Positive : BoilerplateMatch.None;
    }

    /// <summary>
    /// Short lines that are furniture in any article container ("Advertisement", "Read more").
    /// Compared against a whole paragraph, lower-cased, so real sentences that start this way survive.
    /// </summary>
    private static readonly string[] FurniturePrefixes =
    [
        "advertisement", "advertisment", "sponsored", "read more", "read next", "see also", "related:", "related articles",
        "related stories", "related content", "more:", "more from", "click here", "sign up", "subscribe", "follow us",
        "follow @", "share this", "share on", "share:", "copyright", "©", "(c)", "all rights reserved",
        "this article was", "photo:", "image:", "getty images", "reuters/", "ap photo", "anzeige", "publicidad", "publicité",
        "werbung", "pubblicità", "reklama", "continue reading", "story continues", "scroll to continue", "watch:",
        "listen to this", "loading", "you may also like", "recommended", "most read", "trending", "advert", "comments",
        "tell us what you think", "have a tip?", "get the latest", "sign in", "log in", "leave a comment", "join the conversation",
    ];

    public static bool IsFurnitureLine(ReadOnlySpan<char> paragraph)
    {
        if (paragraph.Length > 120)
        {
            return false;
        }

        foreach (var prefix in FurniturePrefixes)
        {
            if (paragraph.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

internal enum BoilerplateMatch : byte
{
    None = 0,
    Positive = 1,
    Soft = 2,
    Hard = 3,
}
