using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Herald.Web.Html;

/// <summary>
/// Small HTML builder: every piece of scraped text goes through <see cref="Text"/> (HTML-encoded), so nothing
/// a page or feed carried can become markup. Pages share one layout with a strict Content-Security-Policy.
/// </summary>
internal static class Html
{
    // Encodes markup characters but leaves letters of every script readable in the source (ø, ‘, ع).
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string Text(string? s) => Encoder.Encode(s ?? "");

    /// <summary>An href that can only be http(s) or a local path: "javascript:" and friends become "#".</summary>
    public static string Href(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "#";
        }

        if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
        {
            return Text(url);
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? Text(uri.AbsoluteUri)
            : "#";
    }

    public static string Date(DateTimeOffset? d, bool dateOnly = true) =>
        d is null ? "" : d.Value.UtcDateTime.ToString(dateOnly ? "d MMM yyyy" : "d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public const string Css = """
        :root{--fg:#1b1f24;--muted:#59636e;--line:#d8dee4;--accent:#0b5cad;--bg:#fff;--chip:#eef2f6}
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        header.site{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;padding:.6rem 1rem;border-bottom:1px solid var(--line)}
        header.site a.brand{font-weight:700;color:var(--fg);text-decoration:none}
        header.site form{margin-left:auto;display:flex;gap:.3rem}
        input[type=search],input[type=text]{padding:.35rem .5rem;border:1px solid var(--line);border-radius:4px;font:inherit;min-width:12rem}
        button{padding:.35rem .7rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;font:inherit;cursor:pointer}
        main{max-width:64rem;margin:0 auto;padding:1rem}
        a{color:var(--accent)}h1{font-size:1.6rem;line-height:1.25;margin:.4rem 0}h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
        .muted{color:var(--muted)}.lead p{margin:.6rem 0}.viewpost{margin:1rem 0;padding:.5rem .8rem;background:var(--chip);border-radius:6px}
        ul.related{list-style:none;padding:0;margin:0}ul.related li{padding:.35rem 0;border-bottom:1px solid var(--line)}
        .outlet{font-weight:600}.chip{display:inline-block;background:var(--chip);border-radius:999px;padding:0 .5rem;margin:0 .25rem .25rem 0;font-size:.85rem}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}
        .story{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem}
        .stats{display:flex;gap:1.5rem;flex-wrap:wrap}.stats div{min-width:6rem}.stats b{display:block;font-size:1.3rem}
        mark{background:#fff2a8}svg text{font:12px system-ui,sans-serif;fill:var(--muted)}
        footer{color:var(--muted);font-size:.85rem;padding:1rem;text-align:center}
        @media (max-width:40rem){header.site form{margin-left:0;width:100%}input[type=search]{flex:1;min-width:0}}
        """;

    public static string Layout(string title, string body)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Text(title)).Append(" · Herald</title>")
            .Append("<link rel=\"stylesheet\" href=\"/static/herald.css\">")
            .Append("</head><body>")
            .Append("<header class=\"site\"><a class=\"brand\" href=\"/\">Herald</a><nav><a href=\"/\">Topics</a> · <a href=\"/stories\">Stories</a></nav>")
            .Append("<form action=\"/search\" method=\"get\" role=\"search\"><label for=\"q\" class=\"muted\">Search</label>")
            .Append("<input type=\"search\" id=\"q\" name=\"q\" placeholder=\"Iraq AND oil\"><button type=\"submit\">Go</button></form></header>")
            .Append("<main>").Append(body).Append("</main>")
            .Append("<footer>Herald · self-hosted news monitoring</footer></body></html>");
        return sb.ToString();
    }
}
