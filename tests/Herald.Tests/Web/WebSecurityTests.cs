using System.Net;
using AngleSharp.Html.Parser;
using Herald.Model;
using Herald.Pipeline;
using Herald.Web;

namespace Herald.Tests.Web;

/// <summary>A store whose articles carry the OWASP XSS filter-evasion vectors in every field.</summary>
public sealed class XssWebHost : WebHost
{
    /// <summary>
    /// Written after the OWASP XSS Filter Evasion Cheat Sheet's families: plain and malformed script tags,
    /// javascript:/vbscript:/data: URLs in mixed case, entity- and tab-obfuscated schemes, event handlers,
    /// tag soup that closes the context, style/meta/base/iframe/object/svg vectors.
    /// </summary>
    public static readonly string[] Vectors =
    [
        "<script>alert('XSS')</script>",
        "<SCRIPT SRC=http://xss.example.invalid/xss.js></SCRIPT>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
        "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
        "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
        "<IMG SRC=# onmouseover=\"alert('xxs')\">",
        "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
        "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
        "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
        "<IMG SRC=\"jav\tascript:alert('XSS');\">",
        "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
        "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
        "<SCRIPT/XSS SRC=\"http://xss.example.invalid/xss.js\"></SCRIPT>",
        "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
        "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
        "<iframe src=http://xss.example.invalid/scriptlet.html <",
        "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
        "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
        "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
        "<svg/onload=alert('XSS')>",
        "<STYLE>@import'http://xss.example.invalid/xss.css';</STYLE>",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
        "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
        "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
        "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
        "<BASE HREF=\"javascript:alert('XSS');//\">",
        "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.example.invalid/scriptlet.html\"></OBJECT>",
        "\"><script>alert(1)</script>",
        "'><script>alert(1)</script>",
        "--></script><script>alert(1)</script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    ];

    /// <summary>URLs that must never become a clickable scheme other than http(s).</summary>
    public static readonly string[] UrlVectors =
    [
        "javascript:alert('XSS')",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "//evil.example.invalid/x",
        "https://ok.example.com/a?\"><script>alert(1)</script>",
    ];

    public const string Story = "xss-story";

    protected override async Task SeedMoreAsync(IArticleStore store)
    {
        var articles = new List<Article>();
        for (var i = 0; i < Vectors.Length; i++)
        {
            var v = Vectors[i];
            articles.Add(new Article
            {
                Id = "xss-" + i,
                Title = "Xssprobe headline " + v,
                Section = v,
                Outlet = "Outlet " + v,
                Authors = [v, "Author " + v],
                Language = "en",
                Url = UrlVectors[i % UrlVectors.Length],
                CanonicalUrl = "https://canonical.example.com/xss/" + i,
                Published = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i),
                Text = "Xssprobe body " + v + "\n\n" + v + " second paragraph.",
            });
        }

        await store.UpsertAsync(articles, CancellationToken.None);
        await store.AssignStoriesAsync(articles.Select(a => new StoryAssignment(a.Id, Story, null, null)).ToList(), CancellationToken.None);
        var v0 = System.Text.Json.JsonSerializer.Serialize(Vectors[0]);
        var hostile = $$"""{"entities":[{"text":{{v0}},"type":"PERSON","start":0,"end":8,"name":{{v0}}}],"places":[{"text":"x","start":0,"end":3,"name":{{v0}},"lat":10,"lon":10}],"quotes":[{"text":{{v0}},"start":14,"end":30,"speaker":{{v0}},"cue":{{v0}}}],"amounts":[{"text":"x","start":9,"end":13,"value":1,"object":{{v0}}}],"dates":[{"text":{{v0}},"start":0,"end":8,"value":{{v0}}},{"text":{{v0}},"start":0,"end":8,"value":"2025-07-01"}]}""";
        foreach (var a in articles)
        {
            await store.SaveAnnotationsAsync(a.Id, hostile, CancellationToken.None);
        }

        await store.SaveTopicAsync(new Topic("Xssprobe", "Xssprobe", DateTimeOffset.UtcNow), CancellationToken.None);
    }
}

public sealed class WebSecurityTests(XssWebHost host) : IClassFixture<XssWebHost>
{
    private static readonly HtmlParser Parser = new();

    // The one script allowed is the app's own keyboard script, by its exact path (the CSP allows 'self' only).
    private static readonly string[] ForbiddenElements = ["script:not([src='/static/keys.js'])", "iframe", "object", "embed", "base", "meta[http-equiv]", "style", "frame", "applet", "link:not([rel=stylesheet]):not([rel=icon]):not([rel=alternate])", "input[type=image]"];

    /// <summary>Parses the page as a browser would and fails on anything that could run or load script.</summary>
    internal static void AssertInert(string html, string path)
    {
        var doc = Parser.ParseDocument(html);
        foreach (var selector in ForbiddenElements)
        {
            Assert.True(doc.QuerySelectorAll(selector).Length == 0, $"{path}: found <{selector}>");
        }

        Assert.True(doc.QuerySelectorAll("script").Length <= 1 && doc.QuerySelectorAll("script").All(s => s.TextContent.Length == 0), $"{path}: more than the app's one script, or an inline one");

        // Feed autodiscovery links are allowed only as Herald writes them: a feed type and a path on this site.
        foreach (var link in doc.QuerySelectorAll("link[rel=alternate]"))
        {
            Assert.Contains(link.GetAttribute("type"), new[] { "application/rss+xml", "application/atom+xml", "application/feed+json" });
            var href = link.GetAttribute("href") ?? "";
            Assert.True(href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal) && !href.Contains('<', StringComparison.Ordinal), $"{path}: alternate link to {href}");
        }

        foreach (var element in doc.All)
        {
            foreach (var attr in element.Attributes)
            {
                Assert.False(attr.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{path}: <{element.LocalName} {attr.Name}>");
                Assert.False(attr.Name.Equals("style", StringComparison.OrdinalIgnoreCase), $"{path}: inline style on <{element.LocalName}>");
                if (attr.Name is "href" or "src" or "action" or "background" or "data" or "formaction" or "xlink:href")
                {
                    Assert.True(SafeUrl(attr.Value), $"{path}: <{element.LocalName} {attr.Name}=\"{attr.Value}\">");
                }
            }
        }
    }

    private static bool SafeUrl(string value)
    {
        var v = value.Trim();
        if (v.StartsWith('#') || (v.StartsWith('/') && !v.StartsWith("//", StringComparison.Ordinal)))
        {
            return true;
        }

        return Uri.TryCreate(v, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
    }

    private async Task<string> PageAsync(string path)
    {
        var response = await host.Client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task No_vector_in_any_field_becomes_markup_on_any_page()
    {
        var paths = new List<string>
        {
            "/", "/topics/Xssprobe", "/stories", "/stories/" + XssWebHost.Story, "/search?q=Xssprobe", "/search?q=Xssprobe&sort=newest",
            "/topics/Xssprobe?split=outlet", "/topics/Xssprobe?split=language&range=7d", "/topics/Xssprobe/quotes",
            "/topics/Xssprobe/quotes?speaker=" + Uri.EscapeDataString(XssWebHost.Vectors[0]), "/topics/Xssprobe?split=country",
        };
        paths.AddRange(Enumerable.Range(0, XssWebHost.Vectors.Length).Select(i => "/articles/xss-" + i));
        foreach (var path in paths)
        {
            var html = await PageAsync(path);
            AssertInert(html, path);
        }

        // The hostile speaker's quotes are listed, as text, and the hostile date is shown as written.
        var quotes = Parser.ParseDocument(await PageAsync(paths[9]));
        Assert.NotEmpty(quotes.QuerySelectorAll("ul.quotes > li"));
        Assert.Contains(XssWebHost.Vectors[0], quotes.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var article = Parser.ParseDocument(await PageAsync("/articles/xss-0"));
        Assert.Contains(article.QuerySelectorAll("ul.dates li"), li => li.TextContent.Contains(XssWebHost.Vectors[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Vectors_are_shown_as_text_so_readers_still_see_what_the_page_said()
    {
        var doc = Parser.ParseDocument(await PageAsync("/articles/xss-0"));
        Assert.Contains("<script>alert('XSS')</script>", doc.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Outlet <script>", doc.QuerySelector(".outlet")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_urls_never_become_links_to_scripts()
    {
        for (var i = 0; i < XssWebHost.UrlVectors.Length; i++)
        {
            var doc = Parser.ParseDocument(await PageAsync("/articles/xss-" + i));
            var original = doc.QuerySelectorAll("a").First(a => a.TextContent == "Read the original").GetAttribute("href")!;
            Assert.True(original == "#" || original.StartsWith("https://ok.example.com/", StringComparison.Ordinal), original);
        }
    }

    [Fact]
    public async Task Search_queries_and_topic_names_are_reflected_as_text()
    {
        foreach (var v in XssWebHost.Vectors.Take(12))
        {
            var response = await host.Client.GetAsync("/search?q=" + Uri.EscapeDataString(v));
            AssertInert(await response.Content.ReadAsStringAsync(), "search " + v);
            var topic = await host.Client.GetAsync("/topics/" + Uri.EscapeDataString(v.Replace("/", "", StringComparison.Ordinal)));
            AssertInert(await topic.Content.ReadAsStringAsync(), "topic " + v);
        }
    }

    [Fact]
    public async Task Feeds_carry_vectors_as_escaped_text()
    {
        foreach (var format in new[] { "rss", "atom" })
        {
            var xml = await host.Client.GetStringAsync("/topics/Xssprobe/" + format);
            var doc = System.Xml.Linq.XDocument.Parse(xml);
            Assert.DoesNotContain(doc.Descendants(), e => e.Name.LocalName is "script" or "img" or "iframe");
            Assert.Contains("&lt;script&gt;", xml, StringComparison.Ordinal);
        }

        var json = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync("/topics/Xssprobe/json"));
        Assert.DoesNotContain(json.RootElement.GetProperty("items").EnumerateArray(), item => item.GetProperty("url").GetString()!.StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Forms_without_the_antiforgery_token_change_nothing()
    {
        var client = host.NewClient();
        var response = await client.PostAsync("/topics", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Forged", ["query"] = "Iraq" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("did not come from this site", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/topics/Forged")).StatusCode);

        // A token from another browser (another cookie jar) does not help either.
        var token = await WebHost.FormTokenAsync(host.NewClient(), "/topics/new");
        var stolen = await client.PostAsync("/topics", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Forged", ["query"] = "Iraq", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
    }

    [Fact]
    public async Task Topics_are_created_edited_and_deleted_through_the_forms()
    {
        var client = host.NewClient();
        var token = await WebHost.FormTokenAsync(client, "/topics/new");
        var created = await client.PostAsync("/topics", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Dams", ["query"] = "\"Mosul Dam\"", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/topics/Dams", created.Headers.Location!.OriginalString);
        Assert.Contains("Mosul Dam", await client.GetStringAsync("/topics/Dams"), StringComparison.Ordinal);

        token = await WebHost.FormTokenAsync(client, "/topics/Dams/edit");
        var bad = await client.PostAsync("/topics/Dams/edit", new FormUrlEncodedContent(new Dictionary<string, string> { ["query"] = "Mosul AND", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("without a term after it", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var edited = await client.PostAsync("/topics/Dams/edit", new FormUrlEncodedContent(new Dictionary<string, string> { ["query"] = "Mosul AND dam", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Contains("Mosul AND dam", await client.GetStringAsync("/topics/Dams"), StringComparison.Ordinal);

        // Deleting asks first: the edit page links to a confirmation page; a post without its "yes" deletes nothing.
        Assert.Contains("/topics/Dams/delete\"", await client.GetStringAsync("/topics/Dams/edit"), StringComparison.Ordinal);
        var unconfirmed = await client.PostAsync("/topics/Dams/delete", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        Assert.Equal("/topics/Dams/delete", unconfirmed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/topics/Dams")).StatusCode);
        var confirmPage = await client.GetStringAsync("/topics/Dams/delete");
        Assert.Contains("Delete topic Dams?", confirmPage, StringComparison.Ordinal);
        Assert.Contains("name=\"confirm\" value=\"yes\"", confirmPage, StringComparison.Ordinal);
        token = await WebHost.FormTokenAsync(client, "/topics/Dams/delete");
        var deleted = await client.PostAsync("/topics/Dams/delete", new FormUrlEncodedContent(new Dictionary<string, string> { ["confirm"] = "yes", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/", deleted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/topics/Dams")).StatusCode);
    }

    [Theory]
    [InlineData("0.0.0.0", null, "no secret is configured")]
    [InlineData("::", null, "no secret is configured")]
    [InlineData("127.0.0.1", "short", "too short")]
    [InlineData("localhost", null, "not an IP address")]
    public void Refuses_to_start_on_an_open_address_without_a_secret(string bind, string? token, string message)
    {
        var previous = Environment.GetEnvironmentVariable("HERALD_API_TOKEN");
        Environment.SetEnvironmentVariable("HERALD_API_TOKEN", null);
        try
        {
            var e = Assert.Throws<HeraldException>(() => HeraldWebApp.Build(new WebOptions(host.DataDirectory, 0, bind, token)));
            Assert.Contains(message, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HERALD_API_TOKEN", previous);
        }
    }

    [Fact]
    public async Task Beyond_loopback_a_browser_signs_in_with_the_token_before_changing_anything()
    {
        // Listens on every interface (that is the case under test) but is only ever contacted on 127.0.0.1.
        await using var app = HeraldWebApp.Build(new WebOptions(host.DataDirectory, 0, "0.0.0.0", WebHost.Token));
        await app.StartAsync();
        var port = HeraldWebApp.BaseAddress(app).Port;
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/topics/Xssprobe")).StatusCode);
        var token = await WebHost.FormTokenAsync(client, "/topics/new");
        var form = new Dictionary<string, string> { ["name"] = "Remote", ["query"] = "Iraq", ["__RequestVerificationToken"] = token };
        var refused = await client.PostAsync("/topics", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/login", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var loginToken = await WebHost.FormTokenAsync(client, "/login");
        var wrong = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["secret"] = "guess-guess-guess-guess", ["__RequestVerificationToken"] = loginToken }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var ok = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["secret"] = WebHost.Token, ["return"] = "/topics/new", ["__RequestVerificationToken"] = loginToken }));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);

        var created = await client.PostAsync("/topics", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/topics/Remote", created.Headers.Location!.OriginalString);
        await app.StopAsync();
    }

    [Fact]
    public async Task Beyond_loopback_metrics_need_the_token_and_health_does_not()
    {
        await using var app = HeraldWebApp.Build(new WebOptions(host.DataDirectory, 0, "0.0.0.0", WebHost.Token));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HeraldWebApp.BaseAddress(app).Port}") };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", "Bearer guess-guess-guess-guess" } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", "Bearer " + WebHost.Token } } };
        var answer = await client.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("# TYPE", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_address()
    {
        await using var app = HeraldWebApp.Build(new WebOptions(host.DataDirectory, 0, "0.0.0.0", WebHost.Token, SignInAttemptsPerMinute: 5));
        await app.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{HeraldWebApp.BaseAddress(app).Port}") };
        var loginToken = await WebHost.FormTokenAsync(client, "/login");
        HttpResponseMessage Guess(string secret) => client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["secret"] = secret, ["__RequestVerificationToken"] = loginToken })).GetAwaiter().GetResult();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, Guess($"guess-guess-guess-{i:00000}").StatusCode);
        }

        // The sixth attempt within the minute is refused before the secret is even compared, the right one too.
        var refused = Guess(WebHost.Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.RetryAfter?.ToString());
        // Reading is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/topics/Xssprobe")).StatusCode);
        await app.StopAsync();
    }
}
