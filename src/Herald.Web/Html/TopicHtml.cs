using System.Globalization;
using System.Text;
using Herald.Model;
using Herald.Pipeline;
using Herald.Topics;
using Herald.Web.Svg;

namespace Herald.Web.Html;

/// <summary>
/// The topic page as HTML: the seed's layout (lead with View post, related posts newest first) plus stories,
/// volume over time, top outlets, top people, organisations and places, and a map.
/// </summary>
internal static class TopicHtml
{
    /// <summary>The page without facets or annotations (the CLI's --format html).</summary>
    public static string Render(TopicPage page, StoreSummary summary) => Render(page, summary, null, AnnotationSummary.Empty);

    public static string Render(TopicPage page, StoreSummary summary, SearchFacets? facets, AnnotationSummary ann)
    {
        var sb = new StringBuilder();
        var name = Uri.EscapeDataString(page.Name);
        sb.Append("<h1>").Append(Html.Text(page.Name)).Append("</h1>")
            .Append("<p class=\"muted\">Query <code>").Append(Html.Text(page.Query)).Append("</code> · <a href=\"/topics/").Append(name).Append("/edit\">Edit topic</a> · feeds: ")
            .Append($"<a href=\"/topics/{name}/rss\">RSS</a> · <a href=\"/topics/{name}/atom\">Atom</a> · <a href=\"/topics/{name}/json\">JSON Feed</a> · <a href=\"/topics/{name}/text\">text</a>")
            .Append(" · <a href=\"/search?q=").Append(Html.Text(Html.Q(page.Query))).Append("\">search</a></p>");
        sb.Append("<section class=\"stats\" aria-label=\"Summary\">")
            .Append(Stat("articles", summary.Articles)).Append(Stat("outlets", summary.Outlets)).Append(Stat("stories", summary.Stories))
            .Append("<div><b>").Append(Html.Text(Html.Date(summary.First))).Append(" – ").Append(Html.Text(Html.Date(summary.Last))).Append("</b>dates</div></section>");
        if (facets?.Sampled is { } sampled)
        {
            sb.Append("<p class=\"muted\">Outlets, stories and dates count the newest ").Append(Html.N(sampled)).Append(" matching articles.</p>");
        }

        if (summary.Articles > page.Related.Count + (page.Lead is null ? 0 : 1))
        {
            sb.Append("<p class=\"muted\">The page lists the newest ").Append(Html.N(page.Related.Count + (page.Lead is null ? 0 : 1)))
                .Append(" of ").Append(Html.N(summary.Articles)).Append(" matching articles; <a href=\"/search?sort=newest&amp;q=").Append(Html.Text(Html.Q(page.Query))).Append("\">search</a> pages through all.</p>");
        }

        if (page.Lead is { } lead)
        {
            sb.Append("<article class=\"lead\" aria-labelledby=\"lead-title\"><h2>Lead article</h2><h3 id=\"lead-title\"><a href=\"/articles/").Append(Uri.EscapeDataString(lead.Id)).Append("\">")
                .Append(Html.Text(lead.Title)).Append("</a></h3><p class=\"muted\"><span class=\"outlet\">").Append(Html.Text(lead.Outlet ?? "unknown outlet"))
                .Append("</span>");
            if (lead.Published is { } pub)
            {
                sb.Append(" · <time datetime=\"").Append(Html.Iso(pub)).Append("\">").Append(Html.Text(Html.Date(pub))).Append("</time>");
            }

            if (lead.Republished is { } rep)
            {
                sb.Append(" · <span class=\"flag\">republished; first published around ").Append(Html.Text(Html.Date(rep))).Append("</span>");
            }

            sb.Append("</p>");
            foreach (var p in lead.Paragraphs)
            {
                sb.Append("<p>").Append(Html.Text(p)).Append("</p>");
            }

            if (lead.Authors.Count > 0)
            {
                sb.Append("<p class=\"muted\">Contributors: ").Append(Html.Text(string.Join(", ", lead.Authors))).Append("</p>");
            }

            sb.Append("<p class=\"viewpost\">View post: <a href=\"").Append(lead.Url is null ? "/articles/" + Uri.EscapeDataString(lead.Id) : Html.Href(lead.Url))
                .Append("\" rel=\"noopener noreferrer nofollow\">").Append(Html.Text(lead.Title)).Append("</a> — ").Append(Html.Text(lead.Outlet ?? "")).Append("</p></article>");
        }

        if (facets is not null && facets.Days.Count > 0)
        {
            sb.Append("<h2>Volume over time</h2>").Append(Charts.Volume(facets.Days, "Articles per day on " + page.Name));
            if (facets.Sampled is { } n)
            {
                sb.Append("<p class=\"muted\">Counted over the ").Append(Html.N(n)).Append(" most recently collected articles.</p>");
            }
        }

        var multi = page.Stories.Where(s => s.Articles.Count > 1).Take(12).ToList();
        if (multi.Count > 0)
        {
            sb.Append("<h2>Stories covered by several outlets</h2><div class=\"grid\">");
            foreach (var s in multi)
            {
                sb.Append("<div class=\"story\"><a href=\"/stories/").Append(Uri.EscapeDataString(s.Id)).Append("\">").Append(Html.Text(s.Headline)).Append("</a><div>");
                foreach (var o in s.Outlets)
                {
                    sb.Append("<span class=\"chip\">").Append(Html.Text(o)).Append("</span>");
                }

                sb.Append("</div><span class=\"muted\">").Append(s.Articles.Count.ToString(CultureInfo.InvariantCulture)).Append(" articles</span></div>");
            }

            sb.Append("</div>");
        }
        else if (page.Stories.Count > 0)
        {
            sb.Append("<h2>Stories</h2><p class=\"muted\">Every article here is its own story so far: no two outlets covered the same event yet.</p>");
        }

        var topOutlets = facets is { Outlets.Count: > 0 }
            ? facets.Outlets.Select(o => (o.Value, o.Count)).ToList()
            : page.Related.Where(a => a.Outlet is not null).GroupBy(a => a.Outlet!, StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Count: g.Count())).OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Ordinal).Take(10).ToList();
        sb.Append("<div class=\"cols\">");
        if (topOutlets.Count > 0)
        {
            sb.Append("<section><h2>Top outlets</h2>").Append(Charts.Bars(topOutlets, "Articles per outlet")).Append("</section>");
        }

        sb.Append("</div>");
        sb.Append(EntityColumns(ann));

        sb.Append("<h2>Related posts, newest first</h2><ul class=\"related\">");
        foreach (var a in page.Related)
        {
            sb.Append(RelatedItem(a));
        }

        sb.Append("</ul>");
        return Html.Layout(page.Name, sb.ToString());
    }

    /// <summary>Top people, organisations and places plus the map; a plain note when nothing is annotated yet.</summary>
    public static string EntityColumns(AnnotationSummary ann)
    {
        if (ann.IsEmpty)
        {
            return "<h2>People, organisations and places</h2><p class=\"muted\">No annotations yet: run the annotator to see who and where these articles are about.</p>";
        }

        var sb = new StringBuilder("<div class=\"cols\">");
        sb.Append(NameList("Top people", ann.People)).Append(NameList("Top organisations", ann.Orgs)).Append(NameList("Top places", ann.Places)).Append("</div>");
        sb.Append("<h2>Map</h2>");
        sb.Append(ann.MapPoints.Count > 0
            ? WorldMap.Render(ann.MapPoints, "Places mentioned, sized by the number of articles")
            : "<p class=\"muted\">No place has coordinates yet.</p>");
        return sb.ToString();
    }

    private static string NameList(string title, IReadOnlyList<(string Name, int Count)> items)
    {
        var sb = new StringBuilder("<section><h2>").Append(Html.Text(title)).Append("</h2>");
        if (items.Count == 0)
        {
            return sb.Append("<p class=\"muted\">None found.</p></section>").ToString();
        }

        sb.Append("<ul class=\"related\">");
        foreach (var (name, count) in items)
        {
            sb.Append("<li><a href=\"/search?q=").Append(Html.Text(Html.Q("\"" + name.Replace("\"", "", StringComparison.Ordinal) + "\""))).Append("\">")
                .Append(Html.Text(name)).Append("</a> <span class=\"muted\">").Append(Html.N(count)).Append(count == 1 ? " article" : " articles").Append("</span></li>");
        }

        return sb.Append("</ul></section>").ToString();
    }

    public static string RelatedItem(Article a, string? extra = null)
    {
        var sb = new StringBuilder("<li>");
        if (a.Section is not null)
        {
            sb.Append("<span class=\"muted\">").Append(Html.Text(a.Section)).Append(" · </span>");
        }

        sb.Append("<a href=\"/articles/").Append(Uri.EscapeDataString(a.Id)).Append("\">").Append(Html.Text(a.Title)).Append("</a> — <span class=\"outlet\">")
            .Append(Html.Text(a.Outlet ?? "unknown outlet")).Append("</span> <time class=\"muted\"");
        if (a.Published is { } p)
        {
            sb.Append(" datetime=\"").Append(p.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("\">").Append(Html.Text(Html.Date(p)));
        }
        else
        {
            sb.Append('>');
        }

        sb.Append("</time>");
        if (a.Republished is not null)
        {
            sb.Append(" <span class=\"flag\">republished</span>");
        }

        if (a.Story is not null)
        {
            sb.Append(" <a class=\"muted\" href=\"/stories/").Append(Uri.EscapeDataString(a.Story)).Append("\">story</a>");
        }

        if (extra is not null)
        {
            sb.Append(extra);
        }

        return sb.Append("</li>").ToString();
    }

    private static string Stat(string label, int n) =>
        $"<div><b>{n.ToString("N0", CultureInfo.InvariantCulture)}</b>{label}</div>";
}
