using System.Globalization;
using Herald.Model;
using Herald.Query;

namespace Herald.Web;

/// <summary>Checks of what users send (page numbers, topic names and queries), each failing with a sentence.</summary>
internal static class WebInputs
{
    public const int MaxPageSize = 100;
    public const int MaxOffset = 10_000;

    /// <summary>page from 1, size from 1 to <see cref="MaxPageSize"/>, and no deeper than <see cref="MaxOffset"/> results.</summary>
    public static (int Page, int Size) Paging(string? page, string? size, int defaultSize)
    {
        var p = 1;
        var s = defaultSize;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out p) || p < 1))
        {
            throw new HeraldException($"page={page}", "must be a whole number from 1");
        }

        if (!string.IsNullOrEmpty(size) && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out s) || s < 1 || s > MaxPageSize))
        {
            throw new HeraldException($"size={size}", $"must be a whole number from 1 to {MaxPageSize}");
        }

        if ((long)(p - 1) * s > MaxOffset)
        {
            throw new HeraldException($"page={page}", $"goes deeper than {MaxOffset:N0} results; narrow the query instead");
        }

        return (p, s);
    }

    public static string Sort(string? sort, string fallback) => sort switch
    {
        null or "" => fallback,
        "relevance" or "newest" => sort,
        _ => throw new HeraldException($"sort={sort}", "must be relevance or newest"),
    };

    /// <summary>A topic name works as one path segment: no slashes, no control characters, not a reserved word.</summary>
    public static string TopicName(string? name)
    {
        var n = (name ?? "").Trim();
        if (n.Length == 0)
        {
            throw new HeraldException("topic name", "is empty");
        }

        if (n.Length > 100)
        {
            throw new HeraldException("topic name", "is longer than 100 characters");
        }

        if (n.Any(c => char.IsControl(c) || c is '/' or '\\' or '?' or '#' or '%'))
        {
            throw new HeraldException($"topic name \"{n}\"", "may not contain / \\ ? # % or control characters");
        }

        if (n is "new" || n.StartsWith('.'))
        {
            throw new HeraldException($"topic name \"{n}\"", "is reserved; choose another");
        }

        return n;
    }

    /// <summary>The query text, checked by the real parser so a saved topic always renders.</summary>
    public static string TopicQueryText(string? query)
    {
        var q = (query ?? "").Trim();
        TopicQuery.Parse(q);
        return q;
    }
}
