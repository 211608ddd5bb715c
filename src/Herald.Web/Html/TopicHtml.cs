using System.Globalization;
using System.Text;
using Herald.Model;
using Herald.Pipeline;
using Herald.Topics;

namespace Herald.Web.Html;

/// <summary>The topic page as HTML: the seed's layout (lead, View post, related newest first) plus stories and counts.</summary>
internal static class TopicHtml
{
    public static string Render(TopicPage page, StoreSummary summary)
    {
        var sb = new StringBuilder();
        var name = Uri.EscapeDataString(page.Name);
        sb.Append("<h1>").Append(Html.Text(page.Name)).Append("</h1>")
            .Append("<p class=\"muted\">Query <code>").Append(Html.Text(page.Query)).Append("</code> · feeds: ")
            .Append($"<a href=\"/topics/{name}/rss\">RSS</a> · <a href=\"/topics/{name}/atom\">Atom</a> · <a href=\"/topics/{name}/json\">JSON Feed</a> · <a href=\"/topics/{name}/text\">text</a></p>");
        sb.Append("<section class=\"stats\" aria-label=\"Summary\">")
            .Append(Stat("articles", summary.Articles)).Append(Stat("outlets", summary.Outlets)).Append(Stat("stories", summary.Stories))
            .Append("<div><b>").Append(Html.Text(Html.Date(summary.First))).Append(" – ").Append(Html.Text(Html.Date(summary.Last))).Append("</b>dates</div></section>");

        if (page.Lead is { } lead)
        {
            sb.Append("<article class=\"lead\"><h2>Lead article</h2><h1><a href=\"/articles/").Append(Uri.EscapeDataString(lead.Id)).Append("\">")
                .Append(Html.Text(lead.Title)).Append("</a></h1><p class=\"muted\"><span class=\"outlet\">").Append(Html.Text(lead.Outlet ?? "unknown outlet"))
                .Append("</span>");
            if (lead.Published is { } pub)
            {
                sb.Append(" · ").Append(Html.Text(Html.Date(pub)));
            }

            if (lead.Republished is { } rep)
            {
                sb.Append(" · <strong>republished; first published around ").Append(Html.Text(Html.Date(rep))).Append("</strong>");
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
                .Append("\" rel=\"noopener noreferrer\">").Append(Html.Text(lead.Title)).Append("</a> — ").Append(Html.Text(lead.Outlet ?? "")).Append("</p></article>");
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

        var topOutlets = page.Related.Where(a => a.Outlet is not null).GroupBy(a => a.Outlet!, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Count: g.Count())).OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Ordinal).Take(10).ToList();
        if (topOutlets.Count > 0)
        {
            sb.Append("<h2>Top outlets</h2>").Append(BarChart(topOutlets));
        }

        sb.Append("<h2>Related posts, newest first</h2><ul class=\"related\">");
        foreach (var a in page.Related)
        {
            sb.Append(RelatedItem(a));
        }

        sb.Append("</ul>");
        return Html.Layout(page.Name, sb.ToString());
    }

    public static string RelatedItem(Article a)
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
        if (a.Story is not null)
        {
            sb.Append(" <a class=\"muted\" href=\"/stories/").Append(Uri.EscapeDataString(a.Story)).Append("\">story</a>");
        }

        return sb.Append("</li>").ToString();
    }

    private static string Stat(string label, int n) =>
        $"<div><b>{n.ToString("N0", CultureInfo.InvariantCulture)}</b>{label}</div>";

    /// <summary>Horizontal bar chart as inline SVG: nothing loads from elsewhere.</summary>
    public static string BarChart(IReadOnlyList<(string Name, int Count)> bars)
    {
        const int rowHeight = 22, labelWidth = 220, width = 560;
        var max = Math.Max(1, bars.Max(b => b.Count));
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"Articles per outlet\" viewBox=\"0 0 {width} {bars.Count * rowHeight}\" width=\"100%\" style=\"max-width:{width}px\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var y = i * rowHeight;
            var w = (int)Math.Round((width - labelWidth - 40) * bars[i].Count / (double)max);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 15}\">{Html.Text(bars[i].Name)}</text>")
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{Math.Max(2, w)}\" height=\"14\" fill=\"#0b5cad\"></rect>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + w + 6}\" y=\"{y + 15}\">{bars[i].Count}</text>");
        }

        return sb.Append("</svg>").ToString();
    }
}
