using System.Globalization;
using System.Text;
using Herald.Model;
using Herald.Pipeline;
using Herald.Topics;
using Herald.Web.Svg;

namespace Herald.Web.Html;

/// <summary>Everything a topic page shows besides the page itself: totals, facets, annotations, the active filter, the attention chart.</summary>
internal sealed record TopicView(
    TopicPage Page,
    StoreSummary Summary,
    SearchFacets? Facets,
    AnnotationSummary Ann,
    TopicFilter Filter,
    string? Attention = null);

/// <summary>
/// The topic page as HTML, built to monitor: story cards first (Google News' full coverage: representative
/// headline, snippet, outlets, first and last seen, copies collapsed under their original), then attention over
/// time, top outlets, people, organisations and places and a map (each a filter that stays inside the topic), then
/// every article newest first with copies collapsed.
/// </summary>
internal static class TopicHtml
{
    /// <summary>Story cards on the page; the rest are a click away in the article list and on /stories.</summary>
    public const int Cards = 12;

    /// <summary>Where the per-visitor "new since your last visit" line goes in the cached page.</summary>
    public const string VisitSlot = "<!--herald:visit-->";

    /// <summary>The page without facets or annotations (the CLI's --format html).</summary>
    public static string Render(TopicPage page, StoreSummary summary) =>
        Render(new TopicView(page, summary, null, AnnotationSummary.Empty, TopicFilter.None)).Replace(VisitSlot, "", StringComparison.Ordinal);

    public static string Render(TopicView v)
    {
        var (page, summary, facets, ann, filter) = (v.Page, v.Summary, v.Facets, v.Ann, v.Filter);
        var sb = new StringBuilder();
        var name = Uri.EscapeDataString(page.Name);
        sb.Append("<h1>").Append(Html.Text(page.Name)).Append("</h1>")
            .Append("<p class=\"muted\">Query <code>").Append(Html.Text(page.Query)).Append("</code> · <a href=\"/topics/").Append(name).Append("/edit\">Edit topic</a> · feeds: ")
            .Append($"<a href=\"/topics/{name}/rss\">RSS</a> · <a href=\"/topics/{name}/atom\">Atom</a> · <a href=\"/topics/{name}/json\">JSON Feed</a> · <a href=\"/topics/{name}/text\">text</a>")
            .Append(" · <a href=\"/search?q=").Append(Html.Text(Html.Q(page.Query))).Append("\">search</a></p>");

        sb.Append("<nav class=\"views\" aria-label=\"Views of this topic\">");
        sb.Append(filter.IsEmpty ? "<strong>Everything</strong>" : $"<a href=\"{Html.Text(filter.Href(page.Name, TopicFilter.None))}\">Everything</a>");
        var day = TopicFilter.None with { Hours = 24 };
        sb.Append(" · ").Append(filter == day ? "<strong>Last 24 hours</strong>" : $"<a href=\"{Html.Text(filter.Href(page.Name, day))}\">Last 24 hours</a>");
        sb.Append("</nav>");
        if (!filter.IsEmpty)
        {
            sb.Append("<p class=\"filter\" role=\"status\">Showing articles ").Append(Html.Text(filter.Describe()))
                .Append(" · <a href=\"").Append(Html.Text(filter.Href(page.Name, TopicFilter.None))).Append("\">show the whole topic</a></p>");
        }
        else
        {
            sb.Append(VisitSlot);
        }

        var shown = page.Originals + page.Copies;
        sb.Append("<section class=\"stats\" aria-label=\"Summary\">")
            .Append(Stat("articles", summary.Articles)).Append(Stat("outlets", summary.Outlets)).Append(Stat("stories", summary.Stories));
        if (page.Copies > 0)
        {
            sb.Append(Stat(page.Copies == 1 ? "copy collapsed" : "copies collapsed", page.Copies));
        }

        sb.Append("<div><b>").Append(Html.Text(Html.Date(summary.First))).Append(" – ").Append(Html.Text(Html.Date(summary.Last))).Append("</b>dates</div>");
        if (ann.MeanTone(page.Stories.SelectMany(s => s.Versions).Select(x => x.Original.Id)) is { } topicTone)
        {
            sb.Append("<div class=\"tone\"><b>").Append(Html.Text(ToneText(topicTone.Tone))).Append("</b>mean tone of ").Append(Html.N(topicTone.Articles))
                .Append(topicTone.Articles == 1 ? " article" : " articles").Append("</div>");
        }

        sb.Append("</section>");
        if (facets?.Sampled is { } sampled)
        {
            sb.Append("<p class=\"muted\">Outlets, stories and dates count the newest ").Append(Html.N(sampled)).Append(" matching articles.</p>");
        }

        if (summary.Articles > shown && filter.Hours is null && filter.Since is null)
        {
            sb.Append("<p class=\"muted\">The page lists the newest ").Append(Html.N(shown))
                .Append(" of ").Append(Html.N(summary.Articles)).Append(" matching articles; <a href=\"/search?sort=newest&amp;q=").Append(Html.Text(Html.Q(page.Query))).Append("\">search</a> pages through all.</p>");
        }

        sb.Append(StoryCards(page, filter, ann));

        if (v.Attention is not null)
        {
            sb.Append(v.Attention);
        }
        else if (facets is not null && facets.Days.Count > 0)
        {
            sb.Append("<h2>Volume over time</h2>").Append(Charts.Volume(facets.Days, "Articles per day on " + page.Name));
        }

        var topOutlets = facets is { Outlets.Count: > 0 }
            ? facets.Outlets.Select(o => (o.Value, o.Count)).ToList()
            : page.Stories.SelectMany(s => s.Articles).Where(a => a.Outlet is not null).GroupBy(a => a.Outlet!, StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Count: g.Count())).OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Ordinal).Take(10).ToList();
        if (topOutlets.Count > 0)
        {
            sb.Append("<section><h2>Top outlets</h2>")
                .Append(Charts.Bars(topOutlets, "Articles per outlet", o => filter.Href(page.Name, TopicFilter.None with { Outlet = o })))
                .Append("<p class=\"muted\">Choose an outlet to see only its articles on this topic.</p></section>");
        }

        sb.Append(EntityColumns(ann, entity => filter.Href(page.Name, TopicFilter.None with { Entity = entity }), page.Originals, HeadlineOnly(page)));
        sb.Append(QuotesHtml.Section(page.Name, page, ann));
        sb.Append(ArticleList(page));
        return Html.Layout(page.Name, sb.ToString(), Html.FeedsAt("/topics/" + Uri.EscapeDataString(page.Name), "Herald: " + page.Name));
    }

    /// <summary>Originals on the page that have only a headline (seed-page posts, feed items without a body).</summary>
    private static int HeadlineOnly(TopicPage page) =>
        page.Stories.SelectMany(s => s.Versions).Count(v => v.Original.Text.Length == 0);

    /// <summary>The story cards: the top stories, each with its originals and their collapsed copies.</summary>
    private static string StoryCards(TopicPage page, TopicFilter filter, AnnotationSummary ann)
    {
        var sb = new StringBuilder("<h2 id=\"stories\">Top stories</h2>");
        if (page.Stories.Count == 0)
        {
            return sb.Append(filter.IsEmpty
                ? "<p class=\"muted\">No article matches this topic yet.</p>"
                : "<p class=\"muted\">No article matches this view.</p>").ToString();
        }

        var multi = page.Stories.Count(s => s.Outlets.Count > 1);
        sb.Append("<p class=\"muted\">Ranked by how many outlets cover each story, then by how recent it is; ")
            .Append(multi == 0 ? "no two outlets covered the same event yet." : $"{Html.N(multi)} {(multi == 1 ? "story is" : "stories are")} covered by several outlets.")
            .Append("</p><div class=\"cards\">");
        foreach (var s in page.Stories.Take(Cards))
        {
            sb.Append(Card(page.Name, s, filter, ann));
        }

        sb.Append("</div>");
        if (page.Stories.Count > Cards)
        {
            sb.Append("<p class=\"muted\">").Append(Html.N(page.Stories.Count - Cards)).Append(" more stories below, in the list of articles.</p>");
        }

        return sb.ToString();
    }

    /// <summary>A tone as "−2.3 (negative)": the scale GDELT uses, negative below −1.5, positive above +1.5.</summary>
    public static string ToneText(double tone) => EventSentences.Tone(new ToneScore(tone, 0, 0, 0, 1));

    private static string Card(string topic, TopicStory s, TopicFilter filter, AnnotationSummary ann)
    {
        var sb = new StringBuilder("<article class=\"card\">");
        sb.Append("<h3><a href=\"/stories/").Append(Uri.EscapeDataString(s.Id)).Append("\">").Append(Html.Text(s.Headline)).Append("</a></h3>");
        if (s.AllRepublished)
        {
            var rep = s.Versions.Min(x => x.Original.Republished);
            sb.Append("<p><span class=\"flag\">republished; first published around ").Append(Html.Text(Html.Date(rep))).Append("</span></p>");
        }

        if (s.Snippet is { } snippet)
        {
            sb.Append("<p class=\"snippet\">").Append(Html.Text(snippet)).Append("</p>");
        }

        var outlets = s.Outlets;
        sb.Append("<p class=\"meta muted\">").Append(Html.N(outlets.Count)).Append(outlets.Count == 1 ? " outlet" : " outlets");
        if (s.Versions.Count > 1)
        {
            sb.Append(" · ").Append(Html.N(s.Versions.Count)).Append(" articles");
        }

        if (s.First is { } first)
        {
            var last = s.Last!.Value;
            var dateOnly = s.Articles.All(a => a.Published is null || a.DateOnly);
            sb.Append(" · ").Append(first.UtcDateTime.Date == last.UtcDateTime.Date ? "seen " : "first seen ")
                .Append("<time datetime=\"").Append(Html.Iso(first)).Append("\">").Append(Html.Text(Html.Date(first, dateOnly))).Append("</time>");
            if (first.UtcDateTime.Date != last.UtcDateTime.Date)
            {
                sb.Append(", last <time datetime=\"").Append(Html.Iso(last)).Append("\">").Append(Html.Text(Html.Date(last, dateOnly))).Append("</time>");
            }
        }

        if (ann.MeanTone(s.Versions.Select(x => x.Original.Id)) is { } tone)
        {
            sb.Append(" · <span class=\"tone\">tone ").Append(Html.Text(ToneText(tone.Tone))).Append("</span>");
        }

        sb.Append("</p>").Append(Sparkline.Render(s.Articles)).Append("<p class=\"outlets\">");
        foreach (var o in outlets.Take(8))
        {
            sb.Append("<a class=\"chip\" href=\"").Append(Html.Text(filter.Href(topic, TopicFilter.None with { Outlet = o }))).Append("\">").Append(Html.Text(o)).Append("</a>");
        }

        if (outlets.Count > 8)
        {
            sb.Append("<span class=\"muted\">and ").Append(Html.N(outlets.Count - 8)).Append(" more</span>");
        }

        sb.Append("</p>");
        if (s.Versions.Count == 1)
        {
            // One article: the headline above is its own; only its copies, if any, remain to show.
            return sb.Append(Copies(s.Versions[0])).Append("</article>").ToString();
        }

        sb.Append("<ul class=\"versions\">");
        foreach (var version in s.Versions.Take(4))
        {
            sb.Append("<li><span class=\"outlet\">").Append(Html.Text(version.Original.Outlet ?? "unknown outlet")).Append("</span> <a href=\"/articles/")
                .Append(Uri.EscapeDataString(version.Original.Id)).Append("\">").Append(Html.Text(version.Original.Title)).Append("</a>");
            if (version.Original.Republished is not null && !s.AllRepublished)
            {
                sb.Append(" <span class=\"flag\">republished</span>");
            }

            sb.Append(Copies(version)).Append("</li>");
        }

        sb.Append("</ul>");
        if (s.Versions.Count > 4)
        {
            sb.Append("<p><a href=\"/stories/").Append(Uri.EscapeDataString(s.Id)).Append("\">All ").Append(Html.N(s.Versions.Count)).Append(" articles of this story</a></p>");
        }

        return sb.Append("</article>").ToString();
    }

    /// <summary>"+N copies", collapsed: each copy named by its outlet and headline.</summary>
    public static string Copies(StoryVersion version)
    {
        if (version.Copies.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder("<details class=\"copies\"><summary>+").Append(Html.N(version.Copies.Count)).Append(version.Copies.Count == 1 ? " copy" : " copies")
            .Append("</summary><ul>");
        foreach (var c in version.Copies)
        {
            sb.Append("<li><span class=\"outlet\">").Append(Html.Text(c.Outlet ?? "unknown outlet")).Append("</span> <a href=\"/articles/").Append(Uri.EscapeDataString(c.Id)).Append("\">")
                .Append(Html.Text(c.Title)).Append("</a></li>");
        }

        return sb.Append("</ul></details>").ToString();
    }

    /// <summary>Every original newest first, each with its copies collapsed under it.</summary>
    private static string ArticleList(TopicPage page)
    {
        var originals = page.Stories.SelectMany(s => s.Versions)
            .OrderByDescending(v => v.Original.Published ?? v.Original.FirstSeen)
            .ThenBy(v => v.Original.Id, StringComparer.Ordinal)
            .ToList();
        if (originals.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder("<h2>All articles, newest first</h2>");
        if (page.Copies > 0)
        {
            sb.Append("<p class=\"muted\">").Append(Html.N(originals.Count)).Append(" originals; ").Append(Html.N(page.Copies))
                .Append(page.Copies == 1 ? " copy is" : " copies are").Append(" folded under the article they copy.</p>");
        }

        sb.Append("<ul class=\"related\">");
        foreach (var v in originals)
        {
            sb.Append(RelatedItem(v.Original, Copies(v)));
        }

        return sb.Append("</ul>").ToString();
    }

    /// <summary>
    /// Top people, organisations and places plus the map, or a plain note that says why there are none.
    /// <paramref name="link"/> makes a name's link (a filter inside the topic); without it names link to search.
    /// </summary>
    public static string EntityColumns(AnnotationSummary ann, Func<string, string>? link = null, int? originals = null, int headlineOnly = 0)
    {
        if (ann.IsEmpty)
        {
            var note = new StringBuilder("<h2>People, organisations and places</h2><p class=\"muted\">");
            var count = originals ?? ann.Stored;
            if (ann.Pending > 0)
            {
                note.Append(Html.N(ann.Pending)).Append(ann.Pending == 1 ? " article is" : " articles are")
                    .Append(" not annotated yet; Herald annotates new articles after each ingest or fetch.");
            }
            else if (count > 0)
            {
                note.Append("None of ").Append(count == 1 ? "this article names" : $"these {Html.N(count)} articles names")
                    .Append(" a person, organisation or place Herald recognises");
                if (headlineOnly > 0)
                {
                    note.Append(headlineOnly == count ? $" (all {Html.N(count)} have only headlines)" : $" ({Html.N(headlineOnly)} have only headlines)");
                }

                note.Append('.');
            }
            else
            {
                note.Append("No articles here.");
            }

            return note.Append("</p>").ToString();
        }

        var sb = new StringBuilder("<div class=\"cols\">");
        sb.Append(NameList("Top people", ann.People, link)).Append(NameList("Top organisations", ann.Orgs, link)).Append(NameList("Top places", ann.Places, link)).Append("</div>");
        if (headlineOnly > 0)
        {
            sb.Append("<p class=\"muted\">Counted over ").Append(Html.N(originals ?? ann.Stored)).Append(" original articles (copies count once, with their original); ")
                .Append(Html.N(headlineOnly)).Append(headlineOnly == 1 ? " has" : " have").Append(" only a headline, read for names like a body.</p>");
        }

        sb.Append("<h2>Map</h2>");
        sb.Append(ann.MapPoints.Count > 0
            ? WorldMap.Render(ann.MapPoints, "Places mentioned, sized by the number of articles", link)
            : "<p class=\"muted\">No place has coordinates yet.</p>");
        return sb.ToString();
    }

    private static string NameList(string title, IReadOnlyList<(string Name, int Count)> items, Func<string, string>? link)
    {
        var sb = new StringBuilder("<section><h2>").Append(Html.Text(title)).Append("</h2>");
        if (items.Count == 0)
        {
            return sb.Append("<p class=\"muted\">None found.</p></section>").ToString();
        }

        sb.Append("<ul class=\"related\">");
        foreach (var (name, count) in items)
        {
            var href = link is not null ? link(name) : "/search?q=" + Html.Q("\"" + name.Replace("\"", "", StringComparison.Ordinal) + "\"");
            sb.Append("<li><a href=\"").Append(Html.Text(href)).Append("\">")
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
