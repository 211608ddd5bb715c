using System.Text;
using Herald.Model;
using Herald.Topics;

namespace Herald.Web.Html;

/// <summary>
/// Quotes per person across a topic: a "Who said what" section on the topic page (the most quoted people, each with
/// their newest quote) and a page listing everything one person said in the topic's articles, newest first,
/// optionally within the last N days ("everything Scrocca said this month"). Speakers' name variants are folded
/// into one entry (<see cref="AnnotationSummary.SpeakerNames"/>).
/// </summary>
internal static class QuotesHtml
{
    public const int Speakers = 8;

    /// <summary>The topic page's section: the most quoted people with their newest quote and a link to all of theirs.</summary>
    public static string Section(string topic, TopicPage page, AnnotationSummary ann)
    {
        var speakers = ann.Speakers();
        if (speakers.Count == 0)
        {
            return "";
        }

        var byId = Originals(page);
        var sb = new StringBuilder("<h2 id=\"quotes\">Who said what</h2><ul class=\"related speakers\">");
        foreach (var (name, count) in speakers.Take(Speakers))
        {
            var newest = ann.Quotes.Where(q => ann.Speaker(q.Quote) == name)
                .OrderByDescending(q => byId.TryGetValue(q.ArticleId, out var a) ? TopicStories.When(a) : null).First();
            sb.Append("<li><b>").Append(Html.Text(name)).Append("</b> <a href=\"").Append(Html.Text(Href(topic, name, null))).Append("\">")
                .Append(Html.N(count)).Append(count == 1 ? " quote" : " quotes").Append("</a><br><q class=\"quote\">“")
                .Append(Html.Text(Trim(newest.Quote.Text))).Append("”</q>");
            if (byId.TryGetValue(newest.ArticleId, out var article))
            {
                sb.Append(" <span class=\"muted\">").Append(Html.Text(article.Outlet ?? "unknown outlet")).Append(", ")
                    .Append(Html.Text(Html.Date(TopicStories.When(article)))).Append("</span>");
            }

            sb.Append("</li>");
        }

        sb.Append("</ul>");
        if (speakers.Count > Speakers)
        {
            sb.Append("<p class=\"muted\"><a href=\"").Append(Html.Text(Href(topic, null, null))).Append("\">All ").Append(Html.N(speakers.Count)).Append(" people quoted</a></p>");
        }

        return sb.ToString();
    }

    /// <summary>
    /// The page of one person's quotes across the topic (or, without a speaker, everyone quoted), newest first;
    /// <paramref name="days"/> keeps only articles of the last that many days before <paramref name="now"/>.
    /// </summary>
    public static string Page(string topic, TopicPage page, AnnotationSummary ann, string? speaker, int? days, DateTimeOffset now)
    {
        var byId = Originals(page);
        var since = days is { } d ? now.AddDays(-d) : (DateTimeOffset?)null;
        bool InRange(string id) => since is null || (byId.TryGetValue(id, out var a) && TopicStories.When(a) >= since);
        var sb = new StringBuilder("<h1>");
        sb.Append(speaker is null ? "People quoted on " + Html.Text(topic) : "What " + Html.Text(speaker) + " said on " + Html.Text(topic)).Append("</h1>");
        sb.Append("<p class=\"muted\"><a href=\"/topics/").Append(Uri.EscapeDataString(topic)).Append("\">Back to the topic</a></p>");
        sb.Append("<nav class=\"views\" aria-label=\"Time range\">");
        var first = true;
        foreach (var (label, value) in new (string, int?)[] { ("All", null), ("Last 30 days", 30), ("Last 7 days", 7) })
        {
            sb.Append(first ? "" : " · ").Append(value == days ? $"<strong>{label}</strong>" : $"<a href=\"{Html.Text(Href(topic, speaker, value))}\">{label}</a>");
            first = false;
        }

        sb.Append("</nav>");
        var quotes = ann.Quotes.Where(q => InRange(q.ArticleId)).ToList();
        if (speaker is null)
        {
            var counts = quotes.Select(q => ann.Speaker(q.Quote)).OfType<string>().GroupBy(n => n, StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Count: g.Count())).OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
            if (counts.Count == 0)
            {
                return Html.Layout("Quotes · " + topic, sb.Append("<p class=\"muted\">No quote with a named speaker in this topic's articles").Append(days is null ? "" : " in this range").Append(".</p>").ToString());
            }

            sb.Append("<ul class=\"related\">");
            foreach (var (name, count) in counts)
            {
                sb.Append("<li><a href=\"").Append(Html.Text(Href(topic, name, days))).Append("\">").Append(Html.Text(name)).Append("</a> <span class=\"muted\">")
                    .Append(Html.N(count)).Append(count == 1 ? " quote" : " quotes").Append("</span></li>");
            }

            return Html.Layout("Quotes · " + topic, sb.Append("</ul>").ToString());
        }

        var mine = quotes.Where(q => ann.Speaker(q.Quote) == speaker)
            .OrderByDescending(q => byId.TryGetValue(q.ArticleId, out var a) ? TopicStories.When(a) : null).ToList();
        if (mine.Count == 0)
        {
            sb.Append("<p class=\"muted\">No quote by ").Append(Html.Text(speaker)).Append(" in this topic's articles").Append(days is null ? "" : " in this range").Append(".</p>");
            return Html.Layout(speaker + " · " + topic, sb.ToString());
        }

        sb.Append("<p>").Append(Html.N(mine.Count)).Append(mine.Count == 1 ? " quote" : " quotes").Append(" in ")
            .Append(Html.N(mine.Select(q => q.ArticleId).Distinct(StringComparer.Ordinal).Count())).Append(" of the topic's newest ").Append(Html.N(byId.Count)).Append(" original articles.</p>");
        sb.Append("<ul class=\"related quotes\">");
        foreach (var (id, q) in mine)
        {
            sb.Append("<li><q class=\"quote\">“").Append(Html.Text(Trim(q.Text))).Append("”</q>");
            if (q.Cue is not null)
            {
                sb.Append(" <span class=\"muted\">(").Append(Html.Text(q.Cue)).Append(")</span>");
            }

            if (byId.TryGetValue(id, out var a))
            {
                sb.Append("<br><span class=\"muted\"><span class=\"outlet\">").Append(Html.Text(a.Outlet ?? "unknown outlet")).Append("</span> · ")
                    .Append(Html.Text(Html.Date(TopicStories.When(a), a.DateOnly || a.Published is null))).Append(" · </span><a href=\"/articles/")
                    .Append(Uri.EscapeDataString(id)).Append("\">").Append(Html.Text(a.Title)).Append("</a>");
            }

            sb.Append("</li>");
        }

        return Html.Layout(speaker + " · " + topic, sb.Append("</ul>").ToString());
    }

    public static string Href(string topic, string? speaker, int? days)
    {
        var href = new StringBuilder("/topics/").Append(Uri.EscapeDataString(topic)).Append("/quotes");
        var sep = '?';
        if (speaker is not null)
        {
            href.Append(sep).Append("speaker=").Append(Uri.EscapeDataString(speaker));
            sep = '&';
        }

        if (days is { } d)
        {
            href.Append(sep).Append("days=").Append(d);
        }

        return href.ToString();
    }

    private static Dictionary<string, Article> Originals(TopicPage page) =>
        page.Stories.SelectMany(s => s.Versions).Select(v => v.Original).DistinctBy(a => a.Id, StringComparer.Ordinal).ToDictionary(a => a.Id, StringComparer.Ordinal);

    private static string Trim(string text) => text.Trim('"', '“', '”', ' ', ',');
}
