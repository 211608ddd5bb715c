using System.Globalization;
using System.Text;
using Herald.Model;

namespace Herald.Web.Html;

/// <summary>
/// A narrowing of a topic page that stays inside the topic: one outlet, one person/organisation/place, the last 24
/// hours, or what arrived since a time (the "new since your last visit" view). Outlet and name filters narrow the
/// topic's query (so they reach every matching article, not only the listed ones); time filters narrow the listed
/// articles.
/// </summary>
internal sealed record TopicFilter(string? Outlet, string? Entity, int? Hours, DateTimeOffset? Since)
{
    public static readonly TopicFilter None = new(null, null, null, null);

    public bool IsEmpty => Outlet is null && Entity is null && Hours is null && Since is null;

    /// <summary>Reads the page's query string; values that make no sense are ignored (the page stays usable).</summary>
    public static TopicFilter From(string? outlet, string? entity, string? hours, string? since)
    {
        static string? Clean(string? s)
        {
            s = s?.Replace("\"", "", StringComparison.Ordinal).Trim();
            return string.IsNullOrEmpty(s) || s.Length > 200 ? null : s;
        }

        int? h = int.TryParse(hours, NumberStyles.None, CultureInfo.InvariantCulture, out var hv) && hv is > 0 and <= 24 * 366 ? hv : null;
        DateTimeOffset? t = long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is > 0 and < 253_402_300_799_000
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
        return new TopicFilter(Clean(outlet), Clean(entity), h, t);
    }

    /// <summary>The topic's query narrowed by the outlet and name filters.</summary>
    public string Query(string topicQuery)
    {
        var q = new StringBuilder("(").Append(topicQuery).Append(')');
        if (Outlet is not null)
        {
            q.Append(" AND outlet:\"").Append(Outlet).Append('"');
        }

        if (Entity is not null)
        {
            q.Append(" AND \"").Append(Entity).Append('"');
        }

        return q.ToString();
    }

    /// <summary>True when the article passes the time filters (the query already applied the others).</summary>
    public bool Keeps(Article a, DateTimeOffset now) =>
        (Hours is not { } h || (a.FirstSeen ?? a.Published) is { } seen && seen >= now.AddHours(-h))
        && (Since is not { } s || a.FirstSeen is { } first && first > s);

    public string Describe()
    {
        var parts = new List<string>();
        if (Outlet is not null)
        {
            parts.Add("from " + Outlet);
        }

        if (Entity is not null)
        {
            parts.Add("naming " + Entity);
        }

        if (Hours is { } h)
        {
            parts.Add(h == 24 ? "collected in the last 24 hours" : $"collected in the last {h} hours");
        }

        if (Since is { } s)
        {
            parts.Add("new since " + Html.Date(s, false));
        }

        return string.Join(", ", parts);
    }

    /// <summary>A link to this topic with this filter plus or minus a change.</summary>
    public string Href(string topic, TopicFilter? with = null)
    {
        var f = with ?? this;
        var args = new List<string>();
        if (f.Outlet is not null)
        {
            args.Add("outlet=" + Uri.EscapeDataString(f.Outlet));
        }

        if (f.Entity is not null)
        {
            args.Add("entity=" + Uri.EscapeDataString(f.Entity));
        }

        if (f.Hours is { } h)
        {
            args.Add("hours=" + h.ToString(CultureInfo.InvariantCulture));
        }

        if (f.Since is { } s)
        {
            args.Add("since=" + s.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        }

        return "/topics/" + Uri.EscapeDataString(topic) + (args.Count == 0 ? "" : "?" + string.Join("&", args));
    }
}
