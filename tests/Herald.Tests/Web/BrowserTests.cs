using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Herald.Tests.Web;

/// <summary>
/// End-to-end in Debian's Chromium through Playwright: never a downloaded browser. Skips with a message when
/// /usr/bin/chromium is absent (CI installs it). Screenshots land in the tests' temp folder,
/// /tmp/herald-tests/screenshots (overwritten by each run).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserTests(XssWebHost host, ITestOutputHelper output) : IClassFixture<XssWebHost>
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string Screenshots = Path.Combine(Path.GetTempPath(), "herald-tests", "screenshots");

    private sealed record Session(IPlaywright Playwright, IBrowser Browser, IPage Page, List<string> Errors, List<string> Dialogs) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
    }

    private async Task<Session> OpenAsync(int width = 1280, int height = 900)
    {
        // Playwright must never fetch a browser of its own.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = host.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        // CI runs the whole suite on 2 shared cores; a browser step may wait its turn for a while.
        page.SetDefaultTimeout(90_000);
        page.SetDefaultNavigationTimeout(90_000);
        var errors = new List<string>();
        var dialogs = new List<string>();
        page.Console += (_, msg) =>
        {
            if (msg.Type == "error")
            {
                errors.Add(msg.Text);
            }
        };
        page.PageError += (_, e) => errors.Add("page error: " + e);
        page.Dialog += async (_, d) =>
        {
            dialogs.Add(d.Message);
            await d.DismissAsync();
        };
        Directory.CreateDirectory(Screenshots);
        return new Session(playwright, browser, page, errors, dialogs);
    }

    private async Task ShotAsync(IPage page, string name)
    {
        var path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine("screenshot: " + path);
    }

    /// <summary>Starts waiting for the URL before clicking, so a navigation that finishes quickly is not missed.</summary>
    private static async Task ClickAndWaitAsync(IPage page, Func<Task> click, string url)
    {
        var arrived = page.WaitForURLAsync(url);
        await click();
        await arrived;
    }

    [SkippableFact]
    public async Task Analyst_reads_the_topic_searches_opens_a_story_and_an_article_and_creates_a_topic()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (apt-get install -y chromium); browser tests skipped.");
        await using var s = await OpenAsync();
        var page = s.Page;

        await page.GotoAsync("/topics/Iraq");
        Assert.Equal("Iraq", await page.Locator("main h1").First.TextContentAsync());
        Assert.True(await page.Locator("article.card").CountAsync() > 0);
        Assert.True(await page.Locator("svg.map circle").CountAsync() > 0);
        await ShotAsync(page, "1-topic");

        await page.GetByLabel("Search", new() { Exact = true }).FillAsync("\"Mosul Dam\"");
        // Click and wait as one step, so a navigation that finishes before the wait starts is not missed.
        await ClickAndWaitAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Go" }).ClickAsync(), "**/search?q=*");
        Assert.Equal(3, await page.Locator("section[aria-label=Results] ul.related > li").CountAsync());
        Assert.True(await page.Locator("section[aria-label=Results] mark").CountAsync() > 0);
        await ShotAsync(page, "2-search");

        await ClickAndWaitAsync(page, () => page.Locator("section[aria-label=Results] a", new() { HasText = "story" }).First.ClickAsync(), "**/stories/" + WebHost.StoryId);
        Assert.Equal(3, await page.Locator("tbody tr").CountAsync());
        await ShotAsync(page, "3-story");

        await ClickAndWaitAsync(page, () => page.Locator("tbody a").First.ClickAsync(), "**/articles/*");
        Assert.True(await page.Locator("mark.person").CountAsync() > 0);
        await ShotAsync(page, "4-article");

        await page.GotoAsync("/topics/new");
        await page.GetByLabel("Name").FillAsync("Mosul");
        await page.GetByLabel("Query").FillAsync("Mosul AND (dam OR repairs)");
        await ClickAndWaitAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Create topic" }).ClickAsync(), "**/topics/Mosul");
        Assert.Equal("Mosul", await page.Locator("main h1").First.TextContentAsync());
        Assert.Contains("3", await page.Locator("section.stats b").First.TextContentAsync() ?? "", StringComparison.Ordinal);
        await ShotAsync(page, "5-topic-created");

        Assert.True(s.Errors.Count == 0, "console errors: " + string.Join(" | ", s.Errors));
        Assert.Empty(s.Dialogs);
    }

    private static Task<bool> OverflowsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");

    private async Task AssertFitsAsync(IPage page, int width, string what)
    {
        var overflow = await OverflowsAsync(page);
        if (overflow)
        {
            // Name the widest element, so a failure says what to fix.
            var culprit = await page.EvaluateAsync<string>("""
                () => { let w = null; for (const e of document.querySelectorAll('main *')) { const r = e.getBoundingClientRect();
                  if (r.right > window.innerWidth + 1 && (!w || r.width > w.r.width)) w = { e, r }; }
                  return w ? w.e.tagName + '.' + w.e.className + ' ' + Math.round(w.r.right) + 'px' : 'none'; }
                """);
            Assert.Fail($"{what} scrolls sideways at {width} px: {culprit}");
        }
    }

    /// <summary>
    /// An analyst's day on a store with copies and headline-only items, at desktop and phone widths: open the topic,
    /// see story cards with copies collapsed, compare two queries on the attention chart, filter by an outlet, open
    /// a story and see who said what, and come back later to see only what is new. Every page fits the width.
    /// </summary>
    [SkippableTheory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task Analysts_day_story_cards_compare_filter_story_and_only_what_is_new(int width, int height)
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (apt-get install -y chromium); browser tests skipped.");
        await using var s = await OpenAsync(width, height);
        var page = s.Page;
        var tag = width.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // 1. The topic opens with story cards, ranked by outlets; copies are collapsed under their original.
        await page.GotoAsync("/topics/Iraq");
        var cards = page.Locator("article.card");
        Assert.True(await cards.CountAsync() >= 5);
        Assert.Equal("Top stories", await page.Locator("main h2").First.TextContentAsync());
        Assert.Equal(0, await cards.First.Locator(".flag").CountAsync());
        var condi = cards.Filter(new() { HasText = "Condi Rice" });
        Assert.Equal("+1 copy", (await condi.Locator("details.copies summary").TextContentAsync())?.Trim());
        Assert.False(await condi.Locator("details.copies li").IsVisibleAsync());
        await condi.Locator("details.copies summary").ClickAsync();
        Assert.True(await condi.Locator("details.copies li").IsVisibleAsync());
        // Each card: a sparkline, when it was seen, and (where the annotator scored it) its tone.
        Assert.True(await page.Locator("article.card svg.spark").CountAsync() >= 5);
        Assert.Contains("seen", await cards.First.Locator("p.meta").TextContentAsync(), StringComparison.Ordinal);
        var spark = await cards.First.Locator("svg.spark").BoundingBoxAsync();
        Assert.True(spark is { Width: > 60, Height: > 10 }, "the sparkline is drawn at a readable size");
        await AssertFitsAsync(page, width, "the topic page");
        await ShotAsync(page, $"day-{tag}-1-topic");

        // Keyboard: j moves to the first card, j again to the next, k back; o opens the current card's story.
        await page.Keyboard.PressAsync("j");
        Assert.Equal(1, await page.Locator(".kb-current").CountAsync());
        Assert.True(await cards.First.EvaluateAsync<bool>("e => e.classList.contains('kb-current')"));
        await page.Keyboard.PressAsync("j");
        Assert.True(await cards.Nth(1).EvaluateAsync<bool>("e => e.classList.contains('kb-current')"));
        await page.Keyboard.PressAsync("k");
        Assert.True(await cards.First.EvaluateAsync<bool>("e => e.classList.contains('kb-current')"));
        var story = await cards.First.Locator("h3 a").GetAttributeAsync("href");
        await ClickAndWaitAsync(page, () => page.Keyboard.PressAsync("o"), "**" + story);
        await page.GotoAsync("/search?q=Iraq");
        await page.Keyboard.PressAsync("/");
        Assert.Equal("q", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Escape");
        await page.GotoAsync("/topics/Iraq");

        // 2. Two queries on one attention chart.
        await page.Locator("#compare1").FillAsync("Iran");
        await ClickAndWaitAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync(), "**/topics/Iraq?compare=Iran*");
        Assert.Equal(2, await page.Locator("svg.attention polyline").CountAsync());
        await AssertFitsAsync(page, width, "the compared chart");
        await page.Locator("#attention").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"day-{tag}-2-compare.png") });
        // The last 30 days of both, then the topic split by outlet; a point opens that day's articles.
        await ClickAndWaitAsync(page, () => page.Locator("p.views[aria-label=Range] a", new() { HasText = "30 days" }).ClickAsync(), "**range=30d*");
        Assert.Equal(2, await page.Locator("svg.attention polyline").CountAsync());
        Assert.True(await page.Locator("details.data tbody tr").CountAsync() <= 30);
        await ClickAndWaitAsync(page, () => page.Locator("p.views[aria-label=Split] a", new() { HasText = "by outlet" }).ClickAsync(), "**split=outlet*");
        Assert.Equal(4, await page.Locator("svg.attention polyline").CountAsync());
        await AssertFitsAsync(page, width, "the chart split by outlet");
        await page.Locator("#attention").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"day-{tag}-2b-split.png") });
        await ClickAndWaitAsync(page, () => page.Locator("svg.attention a").First.ClickAsync(new() { Force = true }), "**/search?sort=newest&q=*");
        Assert.True(await page.Locator("section[aria-label=Results] ul.related > li").CountAsync() > 0);
        // Back, then split by the countries the articles are about: Iraq's line first, its points opening its articles.
        await page.GoBackAsync();
        await ClickAndWaitAsync(page, () => page.Locator("p.views[aria-label=Split] a", new() { HasText = "by country" }).ClickAsync(), "**split=country*");
        Assert.Equal("Iraq country:IQ", await page.Locator("ul.legend code").First.TextContentAsync());
        await AssertFitsAsync(page, width, "the chart split by country");
        await page.Locator("#attention").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"day-{tag}-2c-country.png") });
        await ClickAndWaitAsync(page, () => page.Locator("svg.attention a").First.ClickAsync(new() { Force = true }), "**/search?sort=newest&q=*country%3A*");
        Assert.True(await page.Locator("section[aria-label=Results] ul.related > li").CountAsync() > 0);

        // 3. Filter by an outlet from the top card; the view stays inside the topic.
        await page.GotoAsync("/topics/Iraq");
        var chip = page.Locator("article.card").First.Locator("p.outlets a.chip").First;
        var outlet = (await chip.TextContentAsync())!;
        await ClickAndWaitAsync(page, () => chip.ClickAsync(), "**/topics/Iraq?outlet=*");
        Assert.Contains("from " + outlet, await page.Locator("p.filter").TextContentAsync(), StringComparison.Ordinal);
        var listed = await page.Locator("ul.related > li > span.outlet").AllTextContentsAsync();
        Assert.NotEmpty(listed);
        Assert.All(listed, o => Assert.Equal(outlet, o));
        await AssertFitsAsync(page, width, "the outlet view");
        await ShotAsync(page, $"day-{tag}-3-outlet");

        // 4. Open a story and read who said what.
        await page.GotoAsync("/stories/" + WebHost.StoryId);
        Assert.Equal(3, await page.Locator("tbody tr").CountAsync());
        Assert.True(await page.Locator("q.quote").CountAsync() > 0);
        await AssertFitsAsync(page, width, "the story page");
        await ShotAsync(page, $"day-{tag}-4-story");
        await page.GotoAsync("/articles/mosul-0");
        Assert.True(await page.Locator("ul.dates time").CountAsync() > 0);
        await AssertFitsAsync(page, width, "the article page");
        await ShotAsync(page, $"day-{tag}-4b-article");
        // Who said what across a topic: the most quoted people, then everything one of them said.
        await using (var store = Herald.Storage.Sqlite.SqliteStore.OpenFolder(host.DataDirectory))
        {
            await store.SaveTopicAsync(new Herald.Pipeline.Topic("Dam", "Mosul", DateTimeOffset.UtcNow), CancellationToken.None);
        }

        await page.GotoAsync("/topics/Dam");
        var speaker = page.Locator("h2#quotes + ul li", new() { Has = page.Locator("b", new() { HasText = "Nadhir al-Ansari" }) });
        await ClickAndWaitAsync(page, () => speaker.Locator("a").ClickAsync(), "**/topics/Dam/quotes?speaker=*");
        Assert.Equal(3, await page.Locator("ul.quotes > li").CountAsync());
        await AssertFitsAsync(page, width, "a person's quotes");
        await ShotAsync(page, $"day-{tag}-4c-quotes");

        // 5. Come back later: only what arrived since the last visit.
        await page.GotoAsync("/topics/Iraq");
        Assert.Contains("Nothing new since your last visit", await page.Locator("p.visit").TextContentAsync(), StringComparison.Ordinal);
        await using (var store = Herald.Storage.Sqlite.SqliteStore.OpenFolder(host.DataDirectory))
        {
            await store.UpsertAsync([new Herald.Model.Article { Id = "later-" + tag, Url = $"https://later.example.com/{tag}", Title = $"Iraq reopens the Basra border crossing ({tag})", Outlet = "Rudaw", Text = "" }], CancellationToken.None);
        }

        await page.GotoAsync("/topics/Iraq");
        var visit = page.Locator("p.visit.new");
        Assert.StartsWith("1 new since your last visit", (await visit.TextContentAsync())!.Trim(), StringComparison.Ordinal);
        await ClickAndWaitAsync(page, () => visit.GetByRole(AriaRole.Link).ClickAsync(), "**/topics/Iraq?since=*");
        Assert.Equal([$"Iraq reopens the Basra border crossing ({tag})"], await page.Locator("ul.related > li > a[href^='/articles/']").AllTextContentsAsync());
        await AssertFitsAsync(page, width, "the new-since view");
        await ShotAsync(page, $"day-{tag}-5-new");

        foreach (var path in new[] { "/", "/search?q=Iraq", "/topics/new", "/topics/Iraq/edit", "/topics/Iraq/delete", "/stories", "/sources", "/topics/Iraq?measure=share", "/topics/Iraq?split=language&range=90d", "/topics/Dam/quotes" })
        {
            await page.GotoAsync(path);
            await AssertFitsAsync(page, width, path);
        }

        Assert.True(s.Errors.Count == 0, "console errors: " + string.Join(" | ", s.Errors));
        Assert.Empty(s.Dialogs);
    }

    [SkippableFact]
    public async Task No_xss_vector_runs_script_in_a_real_browser()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (apt-get install -y chromium); browser tests skipped.");
        await using var s = await OpenAsync();
        var paths = new List<string> { "/", "/topics/Xssprobe", "/stories/" + XssWebHost.Story, "/search?q=Xssprobe" };
        paths.AddRange(Enumerable.Range(0, XssWebHost.Vectors.Length).Select(i => "/articles/xss-" + i));
        paths.AddRange(XssWebHost.Vectors.Take(8).Select(v => "/search?q=" + Uri.EscapeDataString(v)));
        foreach (var path in paths)
        {
            await s.Page.GotoAsync(path);
            // Hover and focus everything a vector might have hung a handler on.
            foreach (var link in await s.Page.Locator("main a, main mark, main q").AllAsync())
            {
                await link.HoverAsync(new LocatorHoverOptions { Timeout = 1000, Force = true });
            }
        }

        await ShotAsync(s.Page, "6-xss-article");
        Assert.Empty(s.Dialogs);
        // Hostile queries that do not parse answer 400 by design; the browser logs that status for the document.
        s.Errors.RemoveAll(e => e.StartsWith("Failed to load resource: the server responded with a status of 400", StringComparison.Ordinal));
        Assert.True(s.Errors.Count == 0, "console errors (a CSP violation means markup got through): " + string.Join(" | ", s.Errors));
    }

    [SkippableFact]
    public async Task Topic_page_fits_a_phone_screen()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (apt-get install -y chromium); browser tests skipped.");
        await using var s = await OpenAsync(390, 844);
        await s.Page.GotoAsync("/topics/Iraq");
        var overflow = await s.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        await ShotAsync(s.Page, "7-topic-phone");
        Assert.False(overflow, "the topic page scrolls sideways on a 390 px wide screen");
    }
}

/// <summary>The browser tests run alone, never beside the rest of the suite: a headless Chromium needs the CPU to itself.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
