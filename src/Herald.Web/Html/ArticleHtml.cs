using System.Globalization;
using System.Text;
using Herald.Model;
using Herald.Topics;
using Herald.Pipeline;
using Herald.Text;
using Herald.Web.Svg;

namespace Herald.Web.Html;

/// <summary>Article, story, index and message pages.</summary>
internal static class ArticleHtml
{
    public static string Article(Article a, ArticleAnnotations ann)
    {
        var sb = new StringBuilder();
        sb.Append("<article aria-labelledby=\"title\"><h1 id=\"title\">").Append(Html.Text(a.Title)).Append("</h1><p class=\"muted\"><span class=\"outlet\">")
            .Append(Html.Text(a.Outlet ?? "unknown outlet")).Append("</span>");
        if (a.Published is { } p)
        {
            sb.Append(" · <time datetime=\"").Append(Html.Iso(p)).Append("\">").Append(Html.Text(Html.Date(p, a.DateOnly))).Append("</time>");
        }

        if (a.Authors.Count > 0)
        {
            sb.Append(" · ").Append(Html.Text(string.Join(", ", a.Authors)));
        }

        if (a.Language is not null)
        {
            sb.Append(" · <span lang=\"en\">language: ").Append(Html.Text(a.Language)).Append("</span>");
        }

        if (a.Republished is { } rep)
        {
            sb.Append(" · <span class=\"flag\">republished; first published around ").Append(Html.Text(Html.Date(rep))).Append("</span>");
        }

        if (ann.Tone is { WordCount: > 0 } tone)
        {
            sb.Append(" · <span class=\"tone\">tone ").Append(Html.Text(EventSentences.Tone(tone))).Append("</span>");
        }

        sb.Append("</p>");
        var annotated = ann.Entities.Count + ann.Places.Count + ann.Quotes.Count + ann.Amounts.Count > 0;
        if (a.Text.Length == 0)
        {
            // A headline-only item's annotations describe its headline (offsets into the title).
            sb.Append("<p class=\"muted\">Only the headline is known for this item").Append(annotated ? "; the names in it:" : ".").Append("</p>");
            if (annotated)
            {
                sb.Append(Highlighter.Legend).Append("<div class=\"body headline\">").Append(Highlighter.Render(a.Title.Trim(), ann)).Append("</div>");
            }
        }
        else if (annotated)
        {
            sb.Append(Highlighter.Legend).Append("<div class=\"body\">").Append(Highlighter.Render(a.Text, ann)).Append("</div>");
        }
        else
        {
            foreach (var para in a.Paragraphs)
            {
                sb.Append("<p>").Append(Html.Text(para)).Append("</p>");
            }
        }

        if (a.Url is not null)
        {
            sb.Append("<p><a href=\"").Append(Html.Href(a.Url)).Append("\" rel=\"noopener noreferrer nofollow\">Read the original</a> <span class=\"muted\">")
                .Append(Html.Text(a.Url)).Append("</span></p>");
        }

        if (a.Story is not null)
        {
            sb.Append("<p><a href=\"/stories/").Append(Uri.EscapeDataString(a.Story)).Append("\">All coverage of this story</a></p>");
        }

        sb.Append("</article>");
        if (annotated || ann.Dates.Count + ann.Events.Count > 0)
        {
            sb.Append(QuoteList(ann.Quotes.Select(q => ((string?)null, q)).ToList()));
            if (ann.Amounts.Count > 0)
            {
                sb.Append("<h2>Amounts</h2><ul class=\"related\">");
                foreach (var am in ann.Amounts)
                {
                    sb.Append("<li>").Append(Html.Text(am.Text)).Append(am.Object is null ? "" : " <span class=\"muted\">(" + Html.Text(am.Object) + ")</span>").Append("</li>");
                }

                sb.Append("</ul>");
            }

            sb.Append(DateList(ann.Dates));
            sb.Append(EventSentences.List(ann.Events));
            var points = ann.Places.Where(x => x.Lat is not null && x.Lon is not null).GroupBy(x => x.Name, StringComparer.Ordinal)
                .Select(g => new MapPoint(g.Key, g.First().Lat!.Value, g.First().Lon!.Value, g.Count())).ToList();
            if (points.Count > 0)
            {
                sb.Append("<h2>Places</h2>").Append(WorldMap.Render(points, "Places in this article"));
            }
        }

        return Html.Layout(a.Title, sb.ToString());
    }

    /// <summary>
    /// The dates the text mentions, each as written and as Herald resolved it against the publish date or the text's
    /// own clues ("last Tuesday" → Tuesday 1 July 2025); a mention that resolves to the same day is listed once.
    /// </summary>
    public static string DateList(IReadOnlyList<DateMention> dates)
    {
        var shown = dates.Where(d => d.Value.Length > 0).DistinctBy(d => (d.Text.Trim(), d.Value)).Take(50).ToList();
        if (shown.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder("<h2>Dates</h2><p class=\"muted\">As written, and the day Herald resolved it to.</p><ul class=\"related dates\">");
        foreach (var d in shown)
        {
            sb.Append("<li>“").Append(Html.Text(d.Text.Trim())).Append("” → ");
            if (DateOnly.TryParseExact(d.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                sb.Append("<time datetime=\"").Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("\">")
                    .Append(day.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)).Append("</time>");
            }
            else
            {
                sb.Append(Html.Text(d.Value));
            }

            sb.Append("</li>");
        }

        return sb.Append("</ul>").ToString();
    }

    public static string QuoteList(IReadOnlyList<(string? ArticleId, QuoteMention Quote)> quotes)
    {
        if (quotes.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder("<h2>Who said what</h2><ul class=\"related\">");
        foreach (var (articleId, q) in quotes.Take(100))
        {
            sb.Append("<li><q class=\"quote\">“").Append(Html.Text(q.Text.Trim('"', '“', '”', ' ', ','))).Append("”</q> — <b>")
                .Append(Html.Text(q.Speaker ?? "unknown speaker")).Append("</b>");
            if (q.Cue is not null)
            {
                sb.Append(" <span class=\"muted\">(").Append(Html.Text(q.Cue)).Append(")</span>");
            }

            if (articleId is not null)
            {
                sb.Append(" <a class=\"muted\" href=\"/articles/").Append(Uri.EscapeDataString(articleId)).Append("\">source</a>");
            }

            sb.Append("</li>");
        }

        return sb.Append("</ul>").ToString();
    }

    /// <summary>
    /// The headline most other headlines in the story share words with: used only where the store has no recorded
    /// representative (stories clustered before headlines were recorded).
    /// </summary>
    public static string Representative(IReadOnlyList<Article> articles)
    {
        var withText = articles.Where(a => a.DuplicateOf is null).ToList();
        var pool = withText.Count > 0 ? withText : articles.ToList();
        if (pool.Count <= 2)
        {
            return (pool.FirstOrDefault(a => a.Text.Length > 0) ?? pool[0]).Title;
        }

        var words = pool.Select(a => TextFolding.HeadlineKey(a.Title).Split(' ').ToHashSet(StringComparer.Ordinal)).ToList();
        var best = 0;
        var bestScore = double.MinValue;
        for (var i = 0; i < pool.Count; i++)
        {
            double score = 0;
            for (var j = 0; j < pool.Count; j++)
            {
                if (i != j)
                {
                    score += words[i].Intersect(words[j]).Count() / (double)Math.Max(1, words[i].Union(words[j]).Count());
                }
            }

            if (score > bestScore)
            {
                bestScore = score;
                best = i;
            }
        }

        return pool[best].Title;
    }

    /// <param name="headline">The clusterer's representative headline where the store recorded one.</param>
    public static string Story(string id, IReadOnlyList<Article> articles, AnnotationSummary ann, string? headline = null)
    {
        var sb = new StringBuilder();
        headline ??= Representative(articles);
        var outlets = articles.Select(a => a.Outlet ?? "unknown outlet").Distinct(StringComparer.Ordinal).ToList();
        var versions = TopicStories.Versions(articles);
        var copies = versions.Sum(v => v.Copies.Count);
        sb.Append("<h1>").Append(Html.Text(headline)).Append("</h1><p class=\"muted\">")
            .Append(Html.N(versions.Count)).Append(versions.Count == 1 ? " article" : " articles");
        if (copies > 0)
        {
            sb.Append(" (and ").Append(Html.N(copies)).Append(copies == 1 ? " copy)" : " copies)");
        }

        sb.Append(" from ").Append(Html.N(outlets.Count)).Append(outlets.Count == 1 ? " outlet" : " outlets");
        var dated = articles.Where(a => a.Published is not null).ToList();
        if (dated.Count > 0)
        {
            sb.Append(" · ").Append(Html.Text(Html.Date(dated.Min(a => a.Published)))).Append(" – ").Append(Html.Text(Html.Date(dated.Max(a => a.Published))));
        }

        if (ann.MeanTone(versions.Select(v => v.Original.Id)) is { } tone)
        {
            sb.Append(" · <span class=\"tone\">tone ").Append(Html.Text(TopicHtml.ToneText(tone.Tone))).Append("</span>");
        }

        sb.Append(" · <a href=\"/api/stories/").Append(Uri.EscapeDataString(id)).Append("\">JSON</a></p>");
        sb.Append(Sparkline.Render(articles));
        var datedOriginals = versions.Select(v => v.Original).Where(a => a.Published is not null).ToList();
        if (datedOriginals.Count > 1)
        {
            sb.Append("<h2>Timeline</h2>").Append(Charts.Timeline(datedOriginals.Select(a => (a.Published!.Value, a.DateOnly, (a.Outlet ?? "") + ": " + a.Title)).ToList(), "When each outlet published"));
        }

        sb.Append("<h2>Coverage by outlet and time</h2><div class=\"table-wrap\"><table class=\"coverage\"><caption class=\"muted\">Every original article of this story, oldest first; copies are folded under the article they copy</caption><thead><tr><th scope=\"col\">Published</th><th scope=\"col\">Outlet</th><th scope=\"col\">Headline</th><th scope=\"col\">Notes</th></tr></thead><tbody>");
        foreach (var v in versions)
        {
            var a = v.Original;
            sb.Append("<tr><td>");
            if (a.Published is { } p)
            {
                sb.Append("<time datetime=\"").Append(Html.Iso(p)).Append("\">").Append(Html.Text(Html.Date(p, a.DateOnly))).Append("</time>");
            }

            sb.Append("</td><td class=\"outlet\">").Append(Html.Text(a.Outlet ?? "unknown outlet")).Append("</td><td><a href=\"/articles/")
                .Append(Uri.EscapeDataString(a.Id)).Append("\">").Append(Html.Text(a.Title)).Append("</a>").Append(TopicHtml.Copies(v)).Append("</td><td>");
            if (a.Republished is { } rep)
            {
                sb.Append("<span class=\"flag\">republished (first around ").Append(Html.Text(Html.Date(rep))).Append(")</span> ");
            }

            sb.Append("</td></tr>");
        }

        sb.Append("</tbody></table></div>");
        sb.Append(QuoteList(ann.Quotes.Select(q => ((string?)q.ArticleId, q.Quote)).ToList()));
        sb.Append(TopicHtml.EntityColumns(ann, null, versions.Count, versions.Count(x => x.Original.Text.Length == 0)));
        return Html.Layout(headline, sb.ToString());
    }

    public static string Index(IReadOnlyList<Topic> topics, IReadOnlyList<StorySummary> stories, int? ranked = null)
    {
        var sb = new StringBuilder("<h1>Topics</h1>");
        if (topics.Count == 0)
        {
            sb.Append("<p>No topics yet. <a href=\"/topics/new\">Create one</a> or run <code>herald topic add NAME QUERY</code>.</p>");
        }

        sb.Append("<ul class=\"related\">");
        foreach (var t in topics)
        {
            sb.Append("<li><a href=\"/topics/").Append(Uri.EscapeDataString(t.Name)).Append("\">").Append(Html.Text(t.Name)).Append("</a> <code class=\"muted\">")
                .Append(Html.Text(t.Query)).Append("</code> <a class=\"muted\" href=\"/topics/").Append(Uri.EscapeDataString(t.Name)).Append("/edit\">edit</a></li>");
        }

        sb.Append("</ul><p><a href=\"/topics/new\">New topic</a></p>");
        sb.Append(StoryList(stories, ranked));
        return Html.Layout("Topics", sb.ToString());
    }

    /// <summary>The biggest stories; <paramref name="ranked"/> is how many articles they were ranked among when the store holds fewer than the window.</summary>
    public static string StoryList(IReadOnlyList<StorySummary> stories, int? ranked = null)
    {
        var sb = new StringBuilder("<h2>Biggest stories</h2><p class=\"muted\">");
        if (ranked is { } n)
        {
            sb.Append(n == 0 ? "No articles yet." : n == 1 ? "Among the one article stored." : $"Among all {Html.N(n)} articles stored.");
        }
        else
        {
            sb.Append("Among the newest ").Append(Html.N(Pages.PageEndpoints.RecentWindow)).Append(" articles.");
        }

        sb.Append("</p><ul class=\"related\">");
        foreach (var s in stories)
        {
            sb.Append("<li><a href=\"/stories/").Append(Uri.EscapeDataString(s.Id)).Append("\">").Append(Html.Text(s.Headline)).Append("</a> <span class=\"muted\">")
                .Append(s.Articles.ToString(CultureInfo.InvariantCulture)).Append(s.Articles == 1 ? " article · " : " articles · ").Append(Html.Text(string.Join(", ", s.Outlets))).Append("</span></li>");
        }

        return sb.Append("</ul>").ToString();
    }

    public static string Message(string title, string message) =>
        Html.Layout(title, $"<h1>{Html.Text(title)}</h1><p role=\"alert\">{Html.Text(message)}</p><p><a href=\"/\">Back to the topics</a></p>");
}
