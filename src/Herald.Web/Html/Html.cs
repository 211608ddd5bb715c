using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Herald.Web.Html;

/// <summary>
/// Small HTML builder: every piece of scraped text goes through <see cref="Text"/> (HTML-encoded), so nothing
/// a page or feed carried can become markup. Pages share one layout; no inline scripts and no inline styles, so the
/// Content-Security-Policy can forbid both. The one script (<see cref="KeysScript"/>, served from this app) only adds
/// keyboard shortcuts: every page reads and works fully without it.
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

        if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal))
        {
            return Text(url);
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? Text(uri.AbsoluteUri)
            : "#";
    }

    /// <summary>A query-string value, percent-encoded (then HTML-encoded by the caller's attribute context).</summary>
    public static string Q(string? s) => Uri.EscapeDataString(s ?? "");

    public static string Date(DateTimeOffset? d, bool dateOnly = true) =>
        d is null ? "" : d.Value.UtcDateTime.ToString(dateOnly ? "d MMM yyyy" : "d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public const string Css = """
        :root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0a58a8;--bg:#fff;--chip:#eef2f6;--person:#fde2c8;--org:#d8ecff;--place:#d6f5dd;--amount:#f2e0ff;--quote:#fff5c2}
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.4rem}.skip:focus{left:.5rem}
        header.site{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;padding:.6rem 1rem;border-bottom:1px solid var(--line)}
        header.site a.brand{font-weight:700;color:var(--fg);text-decoration:none}
        header.site form{margin-left:auto;display:flex;gap:.3rem;align-items:center}
        input[type=search],input[type=text],input[type=password],textarea,select{padding:.35rem .5rem;border:1px solid #8c959f;border-radius:4px;font:inherit;min-width:12rem;max-width:100%}
        textarea{width:100%;min-height:4rem}
        button{padding:.35rem .7rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;font:inherit;cursor:pointer}
        button.danger{background:#a40e26;border-color:#a40e26}
        main{max-width:64rem;margin:0 auto;padding:1rem}
        a{color:var(--accent)}h1{font-size:1.6rem;line-height:1.25;margin:.4rem 0}h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
        .muted{color:var(--muted)}.lead p{margin:.6rem 0}.viewpost{margin:1rem 0;padding:.5rem .8rem;background:var(--chip);border-radius:6px}
        ul.related{list-style:none;padding:0;margin:0}ul.related li{padding:.35rem 0;border-bottom:1px solid var(--line)}
        .outlet{font-weight:600}.chip{display:inline-block;background:var(--chip);border-radius:999px;padding:0 .5rem;margin:0 .25rem .25rem 0;font-size:.85rem;color:var(--fg);text-decoration:none}
        a.chip:hover{text-decoration:underline}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}
        .story{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem}
        .stats{display:flex;gap:1.5rem;flex-wrap:wrap}.stats div{min-width:6rem}.stats b{display:block;font-size:1.3rem}
        mark{background:#fff2a8;color:inherit}mark.person{background:var(--person)}mark.org{background:var(--org)}mark.place{background:var(--place)}mark.amount{background:var(--amount)}mark.other{background:var(--chip)}
        q.quote{background:var(--quote);quotes:none}
        .legend span{margin-right:.6rem}
        svg{max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif;fill:#57606a}
        svg.chart rect.bar{fill:#0a58a8}svg.map{background:#eef6fb;border:1px solid var(--line);border-radius:6px}
        svg.map path.land{fill:#d9e2c8;stroke:#9aa88a;stroke-width:.5}svg.map path.grid{fill:none;stroke:#c6d6e2;stroke-width:.5}
        svg.map circle{fill:#c0392b;fill-opacity:.75;stroke:#fff;stroke-width:.8}
        .cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem}
        .facets{display:grid;grid-template-columns:14rem 1fr;gap:1.5rem}@media (max-width:48rem){.facets{grid-template-columns:1fr}}
        .facets aside h3{font-size:1rem;margin:.8rem 0 .3rem}.facets aside ul{list-style:none;padding:0;margin:0}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid var(--line);vertical-align:top}
        .flag{display:inline-block;font-size:.8rem;padding:0 .35rem;border:1px solid #9a6700;color:#7d4e00;border-radius:4px}
        nav.pages{display:flex;gap:1rem;margin:1rem 0}
        form.stack label{display:block;margin:.6rem 0 .2rem;font-weight:600}
        .error{color:#a40e26;font-weight:600}
        footer{color:var(--muted);font-size:.85rem;padding:1rem;text-align:center}
        main{overflow-wrap:break-word}code{overflow-wrap:anywhere}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:1rem}
        .card{border:1px solid var(--line);border-radius:8px;padding:.7rem .9rem;min-width:0}.card h3{margin:.1rem 0 .4rem;font-size:1.05rem;line-height:1.3}
        .card .snippet{margin:.3rem 0}.card .meta{margin:.3rem 0;font-size:.9rem}.card .outlets{margin:.3rem 0}
        ul.versions{list-style:none;padding:0;margin:.4rem 0 0;font-size:.92rem}ul.versions li{padding:.25rem 0;border-top:1px solid var(--line)}
        details.copies{margin:.15rem 0 0}details.copies summary{cursor:pointer;color:var(--muted);font-size:.88rem}details.copies ul{list-style:none;padding-left:1rem;margin:.2rem 0}
        nav.views{margin:.4rem 0}.visit.new,p.filter{background:#e7f3ff;padding:.4rem .7rem;border-radius:6px}
        .table-wrap{overflow-x:auto}caption{text-align:left}
        @media (max-width:40rem){table.coverage thead{position:absolute;left:-9999px}table.coverage tr{display:grid;grid-template-columns:auto 1fr;gap:0 .6rem;padding:.4rem 0;border-bottom:1px solid var(--line)}
        table.coverage td{border:0;padding:.1rem 0}table.coverage td:nth-child(3),table.coverage td:nth-child(4){grid-column:1/-1}table.coverage td:empty{display:none}}
        svg.attention polyline{fill:none;stroke-width:2.5}svg.attention line{stroke:#d0d7de}
        svg.attention polyline.s0{stroke:#0a58a8}svg.attention polyline.s1{stroke:#c0392b}svg.attention polyline.s2{stroke:#1e8449}svg.attention polyline.s3{stroke:#8e44ad}
        svg.attention circle.s0{fill:#0a58a8}svg.attention circle.s1{fill:#c0392b}svg.attention circle.s2{fill:#1e8449}svg.attention circle.s3{fill:#8e44ad}
        ul.legend{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}.swatch{display:inline-block;width:.9rem;height:.9rem;border-radius:2px;margin-right:.3rem;vertical-align:-2px}
        .swatch.s0{background:#0a58a8}.swatch.s1{background:#c0392b}.swatch.s2{background:#1e8449}.swatch.s3{background:#8e44ad}
        form.compare .row{display:flex;flex-wrap:wrap;gap:.4rem;margin:.3rem 0}form.compare input{flex:1 1 10rem;min-width:0}form.compare label{font-weight:600}
        @media (max-width:40rem){svg.attention text{font-size:22px}}
        .kb-current{outline:3px solid var(--accent);outline-offset:2px}kbd{font:inherit;font-size:.85em;border:1px solid var(--line);border-radius:3px;padding:0 .25rem}
        svg.spark{display:block;margin:.3rem 0;max-width:100%}svg.spark rect{fill:#0a58a8}svg.spark line{stroke:#d0d7de}
        .stats .tone b{font-size:1.05rem}ul.speakers q{display:inline-block;margin-top:.15rem}
        @media (max-width:40rem){header.site form{margin-left:0;width:100%}input[type=search]{flex:1;min-width:0}}
        """;

    /// <summary>
    /// Keyboard shortcuts on lists, served as /static/keys.js (the CSP allows scripts from this app only): j and k
    /// move to the next and previous item (story cards, article lists, search results), o opens the item's first
    /// link, / focuses the search box. Keys typed into a form field, or with a modifier, are left alone. Written by
    /// hand: a dozen lines no library is needed for.
    /// </summary>
    public const string KeysScript = """
        (function () {
          "use strict";
          var current = -1;
          function items() {
            return Array.prototype.slice.call(document.querySelectorAll("main .card, main ul.related > li"));
          }
          function select(list, i) {
            if (list.length === 0) { return; }
            i = Math.max(0, Math.min(list.length - 1, i));
            if (current >= 0 && list[current]) { list[current].classList.remove("kb-current"); }
            current = i;
            list[i].classList.add("kb-current");
            list[i].setAttribute("tabindex", "-1");
            list[i].focus({ preventScroll: true });
            list[i].scrollIntoView({ block: "nearest" });
          }
          document.addEventListener("keydown", function (e) {
            if (e.ctrlKey || e.metaKey || e.altKey) { return; }
            var t = e.target;
            if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
            var list = items();
            if (e.key === "j") { e.preventDefault(); select(list, current + 1); }
            else if (e.key === "k") { e.preventDefault(); select(list, current < 0 ? 0 : current - 1); }
            else if (e.key === "o" && current >= 0 && list[current]) {
              var link = list[current].querySelector("a[href]");
              if (link) { e.preventDefault(); window.location.href = link.href; }
            }
            else if (e.key === "/") {
              var box = document.getElementById("q");
              if (box) { e.preventDefault(); box.focus(); box.select(); }
            }
          });
        })();
        """;

    public const string Favicon = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0a58a8"/><path d="M4 3v10M12 3v10M4 8h8" stroke="#fff" stroke-width="2"/></svg>""";

    /// <summary>
    /// The page around <paramref name="body"/>. <paramref name="headerSearch"/> false leaves the header's search box
    /// out, for the search page, whose own form is the one box (with id "q", the box "/" focuses).
    /// </summary>
    public static string Layout(string title, string body, bool headerSearch = true) => Layout(title, body, [], headerSearch);

    /// <summary>
    /// The feeds a page offers, as <c>&lt;link rel="alternate"&gt;</c> autodiscovery links (how browsers and reader
    /// apps find a page's feed from its address): RSS, Atom and JSON Feed at <paramref name="path"/> + "/rss" and so
    /// on, with <paramref name="query"/> appended when given.
    /// </summary>
    public static IReadOnlyList<(string Type, string Title, string Href)> FeedsAt(string path, string name, string? query = null)
    {
        var q = query is null ? "" : "?q=" + Uri.EscapeDataString(query);
        return
        [
            ("application/rss+xml", $"{name} (RSS)", path + "/rss" + q),
            ("application/atom+xml", $"{name} (Atom)", path + "/atom" + q),
            ("application/feed+json", $"{name} (JSON Feed)", path + "/json" + q),
        ];
    }

    public static string Layout(string title, string body, IReadOnlyList<(string Type, string Title, string Href)> feeds, bool headerSearch = true)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Text(title)).Append(" · Herald</title>");
        foreach (var (type, feedTitle, href) in feeds)
        {
            sb.Append("<link rel=\"alternate\" type=\"").Append(Text(type)).Append("\" title=\"").Append(Text(feedTitle))
                .Append("\" href=\"").Append(Text(href)).Append("\">");
        }

        sb
            .Append("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">")
            .Append("<link rel=\"stylesheet\" href=\"/static/herald.css\">")
            .Append("<script src=\"/static/keys.js\" defer></script>")
            .Append("</head><body><a class=\"skip\" href=\"#main\">Skip to content</a>")
            .Append("<header class=\"site\"><a class=\"brand\" href=\"/\">Herald</a><nav aria-label=\"Site\"><a href=\"/\">Topics</a> · <a href=\"/stories\">Stories</a> · <a href=\"/sources\">Sources</a> · <a href=\"/topics/new\">New topic</a></nav>")
            .Append(headerSearch
                ? "<form action=\"/search\" method=\"get\" role=\"search\"><label for=\"q\" class=\"muted\">Search</label><input type=\"search\" id=\"q\" name=\"q\" placeholder=\"Iraq AND oil\"><button type=\"submit\">Go</button></form>"
                : "")
            .Append("</header>")
            .Append("<main id=\"main\">").Append(body).Append("</main>")
            .Append("<footer>Herald · self-hosted news monitoring · <a href=\"/openapi.json\">API</a> · keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous item, <kbd>o</kbd> open it, <kbd>/</kbd> search</footer></body></html>");
        return sb.ToString();
    }
}
