using System.Globalization;
using System.Text;
using Herald.Model;
using Herald.Pipeline;

namespace Herald.Web.Html;

/// <summary>Article, story, search and index pages.</summary>
internal static class ArticleHtml
{
    public static string Article(Article a)
    {
        var sb = new StringBuilder();
        sb.Append("<article><h1>").Append(Html.Text(a.Title)).Append("</h1><p class=\"muted\"><span class=\"outlet\">")
            .Append(Html.Text(a.Outlet ?? "unknown outlet")).Append("</span>");
        if (a.Published is { } p)
        {
            sb.Append(" · ").Append(Html.Text(Html.Date(p, a.DateOnly)));
        }

        if (a.Authors.Count > 0)
        {
            sb.Append(" · ").Append(Html.Text(string.Join(", ", a.Authors)));
        }

        sb.Append("</p>");
        foreach (var para in a.Paragraphs)
        {
            sb.Append("<p>").Append(Html.Text(para)).Append("</p>");
        }

        if (a.Text.Length == 0)
        {
            sb.Append("<p class=\"muted\">Only the headline is known for this item.</p>");
        }

        if (a.Url is not null)
        {
            sb.Append("<p><a href=\"").Append(Html.Href(a.Url)).Append("\" rel=\"noopener noreferrer nofollow\">Read the original</a></p>");
        }

        if (a.Story is not null)
        {
            sb.Append("<p><a href=\"/stories/").Append(Uri.EscapeDataString(a.Story)).Append("\">All coverage of this story</a></p>");
        }

        sb.Append("</article>");
        return Html.Layout(a.Title, sb.ToString());
    }

    public static string Story(string id, IReadOnlyList<Article> articles)
    {
        var sb = new StringBuilder();
        var headline = articles.FirstOrDefault(a => a.Text.Length > 0)?.Title ?? articles[0].Title;
        sb.Append("<h1>").Append(Html.Text(headline)).Append("</h1><p class=\"muted\">")
            .Append(articles.Count.ToString(CultureInfo.InvariantCulture)).Append(" articles from ")
            .Append(articles.Select(a => a.Outlet).Distinct().Count().ToString(CultureInfo.InvariantCulture)).Append(" outlets</p><ul class=\"related\">");
        foreach (var a in articles)
        {
            sb.Append(TopicHtml.RelatedItem(a));
        }

        sb.Append("</ul>");
        return Html.Layout(headline, sb.ToString());
    }

    public static string Search(string query, SearchPage? page, string? error)
    {
        var sb = new StringBuilder();
        sb.Append("<h1>Search</h1><form action=\"/search\" method=\"get\"><label for=\"q2\">Query</label> <input type=\"search\" id=\"q2\" name=\"q\" value=\"")
            .Append(Html.Text(query)).Append("\"> <button type=\"submit\">Search</button></form>")
            .Append("<p class=\"muted\">Words, \"phrases\", AND, OR, NOT, -word, (groups), outlet:NAME, after:YYYY-MM-DD, before:YYYY-MM-DD, lang:en.</p>");
        if (error is not null)
        {
            sb.Append("<p role=\"alert\">").Append(Html.Text(error)).Append("</p>");
        }

        if (page is not null)
        {
            sb.Append("<p>").Append(page.Total.ToString("N0", CultureInfo.InvariantCulture)).Append(" results</p><ul class=\"related\">");
            foreach (var hit in page.Hits)
            {
                sb.Append(TopicHtml.RelatedItem(hit.Article)[..^5]);
                if (hit.Snippet is { Length: > 0 } snip)
                {
                    // Snippet markers are control characters the store puts around matches; encode first, then mark.
                    sb.Append("<br><span class=\"muted\">").Append(Html.Text(snip).Replace("&#x2;", "<mark>", StringComparison.Ordinal).Replace("&#x3;", "</mark>", StringComparison.Ordinal)).Append("</span>");
                }

                sb.Append("</li>");
            }

            sb.Append("</ul>");
        }

        return Html.Layout("Search", sb.ToString());
    }

    public static string Index(IReadOnlyList<Topic> topics, IReadOnlyList<StorySummary> stories)
    {
        var sb = new StringBuilder("<h1>Topics</h1>");
        if (topics.Count == 0)
        {
            sb.Append("<p>No topics yet. Add one with <code>herald topic add NAME QUERY</code>.</p>");
        }

        sb.Append("<ul class=\"related\">");
        foreach (var t in topics)
        {
            sb.Append("<li><a href=\"/topics/").Append(Uri.EscapeDataString(t.Name)).Append("\">").Append(Html.Text(t.Name)).Append("</a> <code class=\"muted\">")
                .Append(Html.Text(t.Query)).Append("</code></li>");
        }

        sb.Append("</ul>");
        sb.Append(StoryList(stories));
        return Html.Layout("Topics", sb.ToString());
    }

    public static string StoryList(IReadOnlyList<StorySummary> stories)
    {
        var sb = new StringBuilder("<h2>Biggest stories</h2><ul class=\"related\">");
        foreach (var s in stories)
        {
            sb.Append("<li><a href=\"/stories/").Append(Uri.EscapeDataString(s.Id)).Append("\">").Append(Html.Text(s.Headline)).Append("</a> <span class=\"muted\">")
                .Append(s.Articles.ToString(CultureInfo.InvariantCulture)).Append(" articles · ").Append(Html.Text(string.Join(", ", s.Outlets))).Append("</span></li>");
        }

        return sb.Append("</ul>").ToString();
    }

    public static string Message(string title, string message) =>
        Html.Layout(title, $"<h1>{Html.Text(title)}</h1><p>{Html.Text(message)}</p>");
}
