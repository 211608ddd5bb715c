using System.Text;
using Herald.Pipeline;

namespace Herald.Web.Html;

/// <summary>Forms that change things: every one carries the antiforgery token as a hidden field.</summary>
internal static class FormHtml
{
    /// <summary>The create form (<paramref name="existing"/> null) or the edit form of a topic.</summary>
    public static string Topic(Topic? existing, string name, string query, string token, string? error)
    {
        var sb = new StringBuilder();
        var editing = existing is not null;
        var title = editing ? "Edit topic " + existing!.Name : "New topic";
        var action = editing ? "/topics/" + Uri.EscapeDataString(existing!.Name) + "/edit" : "/topics";
        sb.Append("<h1>").Append(Html.Text(title)).Append("</h1>");
        if (error is not null)
        {
            sb.Append("<p role=\"alert\" class=\"error\">").Append(Html.Text(error)).Append("</p>");
        }

        sb.Append("<form method=\"post\" class=\"stack\" action=\"").Append(Html.Text(action)).Append("\">")
            .Append(Hidden(token))
            .Append("<label for=\"name\">Name</label><input type=\"text\" id=\"name\" name=\"name\" required maxlength=\"100\" value=\"").Append(Html.Text(name)).Append('"')
            .Append(editing ? " readonly" : "").Append('>')
            .Append("<label for=\"query\">Query</label><textarea id=\"query\" name=\"query\" required maxlength=\"2000\" aria-describedby=\"query-help\">").Append(Html.Text(query)).Append("</textarea>")
            .Append("<p id=\"query-help\" class=\"muted\">Words, \"phrases\", AND, OR, NOT, -word, (groups), outlet:NAME, after:YYYY-MM-DD, before:YYYY-MM-DD, lang:en, country:IQ (the places articles mention). A capitalised word also matches its demonyms (Iraq → Iraqi).</p>")
            .Append("<button type=\"submit\">").Append(editing ? "Save topic" : "Create topic").Append("</button></form>");
        if (editing)
        {
            sb.Append("<h2>Delete</h2><p><a href=\"/topics/").Append(Uri.EscapeDataString(existing!.Name)).Append("/delete\">Delete topic ")
                .Append(Html.Text(existing.Name)).Append("…</a> <span class=\"muted\">(asks first)</span></p>");
        }

        return Html.Layout(title, sb.ToString());
    }

    /// <summary>"Delete this topic?": the one form that deletes, with a way back that keeps it.</summary>
    public static string DeleteTopic(Topic topic, string token)
    {
        var name = Uri.EscapeDataString(topic.Name);
        var sb = new StringBuilder("<h1>Delete topic ").Append(Html.Text(topic.Name)).Append("?</h1>")
            .Append("<p>The topic and its query <code>").Append(Html.Text(topic.Query)).Append("</code> are forgotten; the articles stay in the store, and its feeds and webhooks stop.</p>")
            .Append("<form method=\"post\" action=\"/topics/").Append(name).Append("/delete\">").Append(Hidden(token))
            .Append("<input type=\"hidden\" name=\"confirm\" value=\"yes\">")
            .Append("<button type=\"submit\" class=\"danger\">Yes, delete ").Append(Html.Text(topic.Name)).Append("</button> ")
            .Append("<a href=\"/topics/").Append(name).Append("\">No, keep it</a></form>");
        return Html.Layout("Delete " + topic.Name, sb.ToString());
    }

    public static string Login(string token, string? returnUrl, string? error)
    {
        var sb = new StringBuilder("<h1>Sign in</h1><p>This Herald listens beyond this computer, so changes need the API token it was started with.</p>");
        if (error is not null)
        {
            sb.Append("<p role=\"alert\" class=\"error\">").Append(Html.Text(error)).Append("</p>");
        }

        sb.Append("<form method=\"post\" action=\"/login\" class=\"stack\">").Append(Hidden(token))
            .Append("<input type=\"hidden\" name=\"return\" value=\"").Append(Html.Text(returnUrl ?? "/")).Append("\">")
            .Append("<label for=\"secret\">API token</label><input type=\"password\" id=\"secret\" name=\"secret\" required autocomplete=\"current-password\">")
            .Append("<button type=\"submit\">Sign in</button></form>");
        return Html.Layout("Sign in", sb.ToString());
    }

    /// <summary>The sources page: the add-feed and import-OPML forms, a notice or error from the last post, then the feeds.</summary>
    public static string Sources(IReadOnlyList<Herald.Model.FeedSource> sources, string token, string? notice = null, string? error = null)
    {
        var sb = new StringBuilder("<h1>Sources</h1>");
        if (error is not null)
        {
            sb.Append("<p role=\"alert\" class=\"error\">").Append(Html.Text(error)).Append("</p>");
        }

        if (notice is not null)
        {
            sb.Append("<p role=\"status\">").Append(Html.Text(notice)).Append("</p>");
        }

        sb.Append("<h2>Add a feed</h2><form method=\"post\" class=\"stack\" action=\"/sources/feeds\">").Append(Hidden(token))
            .Append("<label for=\"url\">Feed address (RSS, Atom or JSON Feed)</label><input type=\"url\" id=\"url\" name=\"url\" required maxlength=\"2000\">")
            .Append("<label for=\"title\">Name (optional; default: the feed's own title)</label><input type=\"text\" id=\"title\" name=\"title\" maxlength=\"200\">")
            .Append("<button type=\"submit\">Add feed</button></form>")
            .Append("<h2>Import OPML</h2><form method=\"post\" class=\"stack\" action=\"/sources/opml\" enctype=\"multipart/form-data\">").Append(Hidden(token))
            .Append("<label for=\"opml\">OPML subscription list</label><input type=\"file\" id=\"opml\" name=\"opml\" required accept=\".opml,.xml,text/x-opml,text/xml,application/xml\">")
            .Append("<button type=\"submit\">Import feeds</button></form>")
            .Append("<p class=\"muted\">New feeds are fetched by the next <code>herald fetch</code>.</p><h2>Feeds</h2>");
        if (sources.Count == 0)
        {
            sb.Append("<p>No feeds yet; pages and files ingested with <code>herald ingest</code> need no feed.</p>");
            return Html.Layout("Sources", sb.ToString());
        }

        var now = DateTimeOffset.UtcNow;
        sb.Append("<table><thead><tr><th scope=\"col\">Feed</th><th scope=\"col\">State</th><th scope=\"col\">Last fetch</th><th scope=\"col\">Next attempt</th></tr></thead><tbody>");
        foreach (var s in sources)
        {
            sb.Append("<tr><td>").Append(Html.Text(s.Title ?? "(untitled)")).Append("<br><a href=\"").Append(Html.Href(s.Url)).Append("\" rel=\"noopener noreferrer nofollow\">")
                .Append(Html.Text(s.Url)).Append("</a></td><td>").Append(Html.Text(s.StateInWords())).Append("</td><td>")
                .Append(Html.Text(s.LastFetched is { } f ? Html.Date(f, false) : "never")).Append("</td><td>").Append(Html.Text(s.NextAttemptInWords(now))).Append("</td></tr>");
        }

        return Html.Layout("Sources", sb.Append("</tbody></table>").ToString());
    }

    private static string Hidden(string token) => $"<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"{Html.Text(token)}\">";
}
