using System.Text;
using Herald.Pipeline;
using Herald.Web.Svg;

namespace Herald.Web.Html;

/// <summary>What the search page shows: the query, its results, facets and the page position.</summary>
internal sealed record SearchView(
    string Query,
    string Sort,
    int Page,
    int Size,
    BoundedSearchPage? Results,
    SearchFacets? Facets,
    AnnotationSummary Annotations,
    string? Error);

/// <summary>The search page: form, highlighted snippets, facets (outlet, language, date, entity, place), sort and pages.</summary>
internal static class SearchHtml
{
    public static string Render(SearchView v)
    {
        var sb = new StringBuilder();
        sb.Append("<h1>Search</h1><form action=\"/search\" method=\"get\" class=\"stack\" role=\"search\" aria-label=\"Search articles\">")
            .Append("<label for=\"q\">Query</label><input type=\"search\" id=\"q\" name=\"q\" value=\"").Append(Html.Text(v.Query)).Append("\"> ")
            .Append("<label for=\"sort\">Sort by</label><select id=\"sort\" name=\"sort\">")
            .Append(Option("relevance", "relevance", v.Sort)).Append(Option("newest", "date, newest first", v.Sort)).Append("</select> ")
            .Append("<button type=\"submit\">Search</button></form>")
            .Append("<p class=\"muted\">Words, \"phrases\", AND, OR, NOT, -word, (groups), outlet:NAME, after:YYYY-MM-DD, before:YYYY-MM-DD, lang:en, country:IQ (the places articles mention).</p>");
        if (v.Error is not null)
        {
            sb.Append("<p role=\"alert\" class=\"error\">").Append(Html.Text(v.Error)).Append("</p>");
        }

        if (v.Results is not { } page)
        {
            return Html.Layout("Search", sb.ToString(), headerSearch: false);
        }

        var q = Html.Q(v.Query);
        sb.Append("<p>").Append(Html.N(page.Total)).Append(page.TotalIsLowerBound ? "+ results" : page.Total == 1 ? " result" : " results");
        if (page.RankedAmongNewest is { } ranked)
        {
            sb.Append(" (ranked by relevance among the newest ").Append(Html.N(ranked)).Append("; narrow the query or sort by date to reach older ones)");
        }

        sb
            .Append(" · feeds for this search: <a href=\"/search/rss?q=").Append(Html.Text(q)).Append("\">RSS</a> · <a href=\"/search/atom?q=").Append(Html.Text(q))
            .Append("\">Atom</a> · <a href=\"/search/json?q=").Append(Html.Text(q)).Append("\">JSON Feed</a> · download: <a href=\"/api/export?format=csv&amp;q=")
            .Append(Html.Text(q)).Append("\">CSV</a></p>");
        sb.Append("<div class=\"facets\"><aside aria-label=\"Facets\">").Append(Facets(v)).Append("</aside><section aria-label=\"Results\"><ul class=\"related\">");
        foreach (var hit in page.Hits)
        {
            string? snippet = null;
            if (hit.Snippet is { Length: > 0 } snip)
            {
                // Snippet markers are control characters the store puts around matches; encode first, then mark.
                snippet = "<br><span class=\"muted\">" + Html.Text(snip).Replace("&#x2;", "<mark>", StringComparison.Ordinal).Replace("&#x3;", "</mark>", StringComparison.Ordinal) + "</span>";
            }

            sb.Append(TopicHtml.RelatedItem(hit.Article, snippet));
        }

        sb.Append("</ul>");
        // Relevance pages end with the ranked window (the note above says so); newest-first pages go as deep as counted.
        var reachable = Math.Min(page.Total, page.RankedAmongNewest ?? page.Total);
        var last = Math.Max(1, (reachable + v.Size - 1) / v.Size);
        sb.Append("<nav class=\"pages\" aria-label=\"Result pages\">");
        if (v.Page > 1)
        {
            sb.Append("<a rel=\"prev\" href=\"").Append(Html.Text(Link(v, v.Query, v.Page - 1))).Append("\">Previous</a>");
        }

        sb.Append("<span class=\"muted\">page ").Append(Html.N(v.Page)).Append(" of ").Append(Html.N(last)).Append("</span>");
        if (v.Page < last)
        {
            sb.Append("<a rel=\"next\" href=\"").Append(Html.Text(Link(v, v.Query, v.Page + 1))).Append("\">Next</a>");
        }

        sb.Append("</nav></section></div>");
        return Html.Layout("Search: " + v.Query, sb.ToString(), Html.FeedsAt("/search", "Herald search: " + v.Query, v.Query), headerSearch: false);
    }

    private static string Facets(SearchView v)
    {
        var sb = new StringBuilder();
        if (v.Facets is { } f)
        {
            if (f.Sampled is { } n)
            {
                sb.Append("<p class=\"muted\">Counted over the ").Append(Html.N(n)).Append(" most recently collected matches, not all of them.</p>");
            }

            FacetList(sb, "Outlet", f.Outlets.Select(o => (o.Value, o.Count, Refine(v, "outlet:\"" + o.Value.Replace("\"", "", StringComparison.Ordinal) + "\""))));
            FacetList(sb, "Language", f.Languages.Select(l => (l.Value.Length == 0 ? "unknown" : l.Value, l.Count, l.Value.Length == 0 ? null : Refine(v, "lang:" + l.Value))));
            if (f.Days.Count > 0)
            {
                sb.Append("<h3>Date</h3>").Append(Charts.Volume(f.Days, "Matches per day"));
                var months = f.Days.GroupBy(d => d.Value[..7], StringComparer.Ordinal).OrderByDescending(g => g.Key, StringComparer.Ordinal).Take(12)
                    .Select(g =>
                    {
                        var start = g.Key + "-01";
                        var end = DateOnly.ParseExact(start, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddMonths(1).AddDays(-1)
                            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                        return (g.Key, g.Sum(d => d.Count), Refine(v, $"after:{start} before:{end}"));
                    });
                FacetList(sb, "Month", months.Select(m => (m.Key, m.Item2, (string?)m.Item3)));
            }
        }

        if (!v.Annotations.IsEmpty)
        {
            FacetList(sb, "Person (this page)", v.Annotations.People.Select(p => (p.Name, p.Count, Refine(v, "\"" + p.Name.Replace("\"", "", StringComparison.Ordinal) + "\""))));
            FacetList(sb, "Organisation (this page)", v.Annotations.Orgs.Select(p => (p.Name, p.Count, Refine(v, "\"" + p.Name.Replace("\"", "", StringComparison.Ordinal) + "\""))));
            FacetList(sb, "Place (this page)", v.Annotations.Places.Select(p => (p.Name, p.Count, Refine(v, "\"" + p.Name.Replace("\"", "", StringComparison.Ordinal) + "\""))));
        }

        return sb.ToString();
    }

    private static void FacetList(StringBuilder sb, string title, IEnumerable<(string Name, int Count, string? Href)> items)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            return;
        }

        sb.Append("<h3>").Append(Html.Text(title)).Append("</h3><ul>");
        foreach (var (name, count, href) in list)
        {
            sb.Append("<li>");
            if (href is null)
            {
                sb.Append(Html.Text(name));
            }
            else
            {
                sb.Append("<a href=\"").Append(Html.Text(href)).Append("\">").Append(Html.Text(name)).Append("</a>");
            }

            sb.Append(" <span class=\"muted\">").Append(Html.N(count)).Append("</span></li>");
        }

        sb.Append("</ul>");
    }

    /// <summary>The same search narrowed by one more condition: filters AND-ed onto the query.</summary>
    private static string? Refine(SearchView v, string condition)
    {
        // Filters may only be AND-ed at the top level, so "a OR b" needs parentheses; a query that already has
        // filters cannot take them, so the plain form is tried first and the first that parses wins.
        foreach (var candidate in new[] { v.Query + " " + condition, "(" + v.Query + ") " + condition })
        {
            try
            {
                Herald.Query.TopicQuery.Parse(candidate);
                return Link(v, candidate, 1);
            }
            catch (Herald.Model.HeraldException)
            {
            }
        }

        return null;
    }

    private static string Link(SearchView v, string query, int page) =>
        $"/search?q={Html.Q(query)}&sort={Html.Q(v.Sort)}&page={page.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private static string Option(string value, string label, string current) =>
        $"<option value=\"{value}\"{(value == current ? " selected" : "")}>{label}</option>";
}
