using System.Net;
using AngleSharp.Html.Parser;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Storage.Sqlite;
using Herald.Web.Svg;

namespace Herald.Tests.Web;

/// <summary>
/// What issue 15 adds to the pages for monitoring, on the real app over the sample seed page and the Mosul Dam
/// story: story sparklines and tone, the attention chart's range and splits (and /api/attention's), quotes per
/// person across a topic, resolved dates, the keyboard script under the CSP, one search box, the home page's count.
/// </summary>
public sealed class MonitorPagesTests(WebHost host) : IClassFixture<WebHost>
{
    private static readonly HtmlParser Parser = new();

    private async Task<(HttpStatusCode Status, AngleSharp.Html.Dom.IHtmlDocument Doc)> GetAsync(string path)
    {
        var response = await host.Client.GetAsync(path);
        return (response.StatusCode, Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>The Mosul Dam story as a topic of its own (three outlets, quotes, tone).</summary>
    private async Task<string> DamTopicAsync()
    {
        await using var store = SqliteStore.OpenFolder(host.DataDirectory);
        await store.SaveTopicAsync(new Topic("Dam", "Mosul", DateTimeOffset.UtcNow), CancellationToken.None);
        return "Dam";
    }

    [Fact]
    public void Sparkline_bins_a_story_by_day_and_long_spans_into_at_most_thirty_bars()
    {
        var day = new DateTimeOffset(2025, 7, 1, 10, 0, 0, TimeSpan.Zero);
        Article At(int d) => new() { Id = "a" + d, Title = "t", Published = day.AddDays(d) };
        var (counts, per, first, last) = Sparkline.Bins([At(0), At(0), At(2)]);
        Assert.Equal([2, 0, 1], counts);
        Assert.Equal(1, per);
        Assert.Equal(new DateOnly(2025, 7, 1), first);
        Assert.Equal(new DateOnly(2025, 7, 3), last);

        var (longCounts, longPer, _, _) = Sparkline.Bins(Enumerable.Range(0, 100).Select(At).ToList());
        Assert.True(longCounts.Count <= Sparkline.MaxBars);
        Assert.Equal(4, longPer);
        Assert.Equal(100, longCounts.Sum());
        Assert.Equal("", Sparkline.Render([new Article { Id = "x", Title = "undated" }]));
        var svg = Sparkline.Render([At(0), At(0), At(2)]);
        Assert.Contains("aria-label=\"Articles per day, 1 Jul 2025 to 3 Jul 2025; at most 2\"", svg, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(svg, "<rect ").Count);
    }

    [Fact]
    public void A_chart_longer_than_200_days_links_every_week_that_has_articles_to_them()
    {
        var first = new DateOnly(2024, 1, 1);
        var days = Enumerable.Range(0, 500).Select(first.AddDays).ToList();
        var counts = days.Select((_, k) => k % 11 == 0 ? (k % 5) + 1 : 0).ToList();
        var all = counts.Select(c => c + 10).ToList();
        var line = new Herald.Web.Attention.AttentionLine("Iraq", counts, counts.Select((c, k) => (double?)c / all[k]).ToList(), counts.Sum());
        var data = new Herald.Web.Attention.AttentionData(days, all, [line], []);
        Assert.Equal(1, AttentionChart.DaysPerPoint(200));
        Assert.Equal(7, AttentionChart.DaysPerPoint(500));
        Assert.Equal(14, AttentionChart.DaysPerPoint(1401));

        foreach (var share in new[] { false, true })
        {
            var doc = Parser.ParseDocument(AttentionChart.Render(data, share, "Iraq"));
            var covered = new List<DateOnly>();
            foreach (var a in doc.QuerySelectorAll("svg.attention a"))
            {
                var href = a.GetAttribute("href")!;
                var q = TopicQuery.Parse(Uri.UnescapeDataString(href[(href.IndexOf("q=", StringComparison.Ordinal) + 2)..]));
                var from = q.Filters.Single(f => f.Field == FilterField.After).Date;
                var to = q.Filters.Single(f => f.Field == FilterField.Before).Date;
                Assert.Equal(0, (from.DayNumber - first.DayNumber) % 7);
                Assert.Equal(Math.Min(from.AddDays(6).DayNumber, days[^1].DayNumber), to.DayNumber);
                var week = Enumerable.Range(from.DayNumber - first.DayNumber, to.DayNumber - from.DayNumber + 1).ToList();
                var inWeek = week.Sum(k => counts[k]);
                Assert.EndsWith($": {inWeek} articles", a.QuerySelector("title")!.TextContent, StringComparison.Ordinal);
                covered.AddRange(week.Select(k => days[k]));
            }

            // Every day with articles is inside exactly one linked week, and no week without articles is linked.
            Assert.Equal(covered.Count, covered.Distinct().Count());
            Assert.All(days.Where((_, k) => counts[k] > 0), d => Assert.Contains(d, covered));
            Assert.Equal(Enumerable.Range(0, 72).Count(w => counts.Skip(w * 7).Take(7).Sum() > 0), doc.QuerySelectorAll("svg.attention a").Length);
            Assert.Contains("each point stands for 7 days", doc.QuerySelector("p.range")!.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Story_cards_show_a_sparkline_first_and_last_seen_a_snippet_and_tone()
    {
        var topic = await DamTopicAsync();
        var (status, doc) = await GetAsync("/topics/" + topic);
        Assert.Equal(HttpStatusCode.OK, status);
        var card = doc.QuerySelectorAll("article.card").Single(c => c.QuerySelector("h3 a")!.GetAttribute("href") == "/stories/" + WebHost.StoryId);
        var spark = card.QuerySelector("svg.spark")!;
        Assert.Equal("img", spark.GetAttribute("role"));
        // Three articles on one day: one bar, and the label says so.
        Assert.Equal("3 articles on 9 Jul 2025", spark.GetAttribute("aria-label"));
        Assert.Single(spark.QuerySelectorAll("rect"));
        Assert.StartsWith("Iraqi engineers said on Tuesday", card.QuerySelector("p.snippet")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("seen", card.QuerySelector("p.meta")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("tone −3.2 (negative)", card.QuerySelector("p.meta .tone")!.TextContent);
        // The topic's own tone: the mean over its scored originals.
        Assert.Matches(@"^[+−]?\d+\.\d \((negative|neutral|positive)\)mean tone of [3-9] articles$", doc.QuerySelector("section.stats .tone")!.TextContent);

        // The seed topic's cards carry sparklines with dated labels too.
        var (_, iraq) = await GetAsync("/topics/Iraq");
        Assert.All(iraq.QuerySelectorAll("article.card svg.spark"), s => Assert.Matches(@"\d{4}", s.GetAttribute("aria-label")));
        Assert.True(iraq.QuerySelectorAll("article.card svg.spark").Length >= 5);
    }

    [Fact]
    public async Task Story_page_shows_its_tone_and_sparkline()
    {
        var (_, doc) = await GetAsync("/stories/" + WebHost.StoryId);
        Assert.Equal("tone −3.2 (negative)", doc.QuerySelector("main p.muted .tone")!.TextContent);
        Assert.Equal("3 articles on 9 Jul 2025", doc.QuerySelector("main svg.spark")!.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task Topic_page_says_who_said_what_and_a_page_lists_everything_one_person_said()
    {
        var topic = await DamTopicAsync();
        var (_, doc) = await GetAsync("/topics/" + topic);
        var section = doc.QuerySelector("h2#quotes")!.NextElementSibling!;
        var first = section.QuerySelectorAll("li").Single(li => li.QuerySelector("b")!.TextContent == "Nadhir al-Ansari");
        var link = first.QuerySelector("a")!;
        Assert.Equal("3 quotes", link.TextContent);
        Assert.Equal("/topics/Dam/quotes?speaker=Nadhir%20al-Ansari", link.GetAttribute("href"));
        Assert.Contains("The foundation is eroding", first.QuerySelector("q")!.TextContent, StringComparison.Ordinal);

        var (status, page) = await GetAsync(link.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("What Nadhir al-Ansari said on Dam", page.QuerySelector("main h1")!.TextContent);
        var quotes = page.QuerySelectorAll("ul.quotes > li").ToList();
        Assert.Equal(3, quotes.Count);
        Assert.Equal(["BBC News", "Al Jazeera", "Reuters"], quotes.Select(q => q.QuerySelector(".outlet")!.TextContent));
        Assert.All(quotes, q => Assert.StartsWith("/articles/mosul-", q.QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal));

        // "This month": the articles are from July 2025, so the last 30 days hold none of them.
        var (_, recent) = await GetAsync("/topics/Dam/quotes?speaker=Nadhir%20al-Ansari&days=30");
        Assert.Empty(recent.QuerySelectorAll("ul.quotes > li"));
        Assert.Contains("No quote by Nadhir al-Ansari", recent.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var (_, everyone) = await GetAsync("/topics/Dam/quotes");
        Assert.Contains(everyone.QuerySelectorAll("ul.related a"), a => a.TextContent == "Nadhir al-Ansari");
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/topics/Dam/quotes?days=soon")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/topics/Nope/quotes")).StatusCode);
    }

    [Fact]
    public async Task Article_page_lists_the_dates_as_written_and_as_resolved()
    {
        var (_, doc) = await GetAsync("/articles/mosul-0");
        var dates = doc.QuerySelector("ul.dates")!;
        var item = dates.QuerySelector("li")!;
        Assert.Equal("“Tuesday” → Tuesday 8 July 2025", item.TextContent);
        Assert.Equal("2025-07-08", item.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("tone −3.2 (negative)", doc.QuerySelector("span.tone")!.TextContent);
    }

    [Fact]
    public async Task Attention_splits_by_the_countries_the_articles_are_about()
    {
        // The seed page annotated by the real annotator at ingest, plus the Mosul Dam story: mostly about Iraq.
        var (status, doc) = await GetAsync("/topics/Iraq?split=country");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("by country", doc.QuerySelector("p.views[aria-label=Split] strong")!.TextContent);
        Assert.Contains(doc.QuerySelectorAll("p.muted"), p => p.TextContent.StartsWith("Countries the articles are about: those of the places they mention", StringComparison.Ordinal));
        var legend = doc.QuerySelectorAll("ul.legend code").Select(c => c.TextContent).ToList();
        Assert.InRange(legend.Count, 2, 4);
        Assert.Equal("Iraq country:IQ", legend[0]);
        Assert.All(legend, l => Assert.Matches("^Iraq country:[A-Z]{2}$", l));
        Assert.Equal(legend.Count, doc.QuerySelectorAll("svg.attention polyline").Length);

        // Each point opens exactly the articles it counts: the line's query on that day.
        var point = doc.QuerySelector("svg.attention a")!.GetAttribute("href")!;
        var q = Uri.UnescapeDataString(point[(point.IndexOf("q=", StringComparison.Ordinal) + 2)..]);
        Assert.Matches("^Iraq country:[A-Z]{2} after:2025-\\d\\d-\\d\\d before:2025-\\d\\d-\\d\\d$", q);
        var (linkStatus, linked) = await GetAsync(point);
        Assert.Equal(HttpStatusCode.OK, linkStatus);
        Assert.NotEmpty(linked.QuerySelectorAll("section[aria-label=Results] ul.related > li"));

        // The API gives the same lines; each line's total is what a search with its query finds.
        var api = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync("/api/attention?q=Iraq&split=country")).RootElement;
        var series = api.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(legend, series.Select(s => s.GetProperty("query").GetString()));
        foreach (var line in series)
        {
            // Dated articles only, as the chart counts by published day.
            var dated = line.GetProperty("query").GetString() + " after:1000-01-01";
            var search = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync("/api/search?size=1&q=" + Uri.EscapeDataString(dated))).RootElement;
            Assert.Equal(search.GetProperty("results").GetProperty("total").GetInt32(), line.GetProperty("total").GetInt32());
        }

        Assert.True(series[0].GetProperty("total").GetInt32() >= series[^1].GetProperty("total").GetInt32());
        var csv = await host.Client.GetStringAsync("/api/attention?q=Iraq&split=country&format=csv");
        Assert.StartsWith("day,query,count,all,share\n", csv, StringComparison.Ordinal);
        Assert.Contains(",Iraq country:IQ,", csv, StringComparison.Ordinal);
        var csvTotal = csv.Split('\n').Skip(1).Where(l => l.Contains(",Iraq country:IQ,", StringComparison.Ordinal)).Sum(l => int.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(series[0].GetProperty("total").GetInt32(), csvTotal);

        // Wrong values get one line that says what is allowed.
        foreach (var (path, detail) in new[]
        {
            ("/api/attention?q=Iraq&split=city", "split: \"city\" is not a split (outlet, language, country)"),
            ("/api/attention?q=" + Uri.EscapeDataString("Iraq country:Iraq"), "query \"Iraq country:Iraq\": has a bad country \"Iraq\" in country: (use a two-letter ISO 3166 code, such as IQ)"),
        })
        {
            var response = await host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
            Assert.StartsWith(detail, problem, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', problem);
        }
    }

    [Fact]
    public async Task Attention_chart_offers_ranges_and_splits_and_the_api_gives_the_same_numbers()
    {
        var (_, doc) = await GetAsync("/topics/Iraq");
        var ranges = doc.QuerySelectorAll("p.views[aria-label=Range] a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Contains(("7 days", "/topics/Iraq?range=7d#attention"), ranges);
        Assert.Equal("all", doc.QuerySelector("p.views[aria-label=Range] strong")!.TextContent);
        var allDays = doc.QuerySelectorAll("details.data tbody tr").Length;
        Assert.True(allDays > 7, $"{allDays} days");

        var (_, week) = await GetAsync("/topics/Iraq?range=7d");
        Assert.Equal("7 days", week.QuerySelector("p.views[aria-label=Range] strong")!.TextContent);
        var rows = week.QuerySelectorAll("details.data tbody tr").Select(r => r.QuerySelector("td")!.TextContent).ToList();
        Assert.Equal(7, rows.Count);
        var json = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync("/api/attention?q=Iraq&days=7")).RootElement;
        Assert.Equal(rows, json.GetProperty("days").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(week.QuerySelectorAll("svg.attention a circle").Length, json.GetProperty("series")[0].GetProperty("counts").EnumerateArray().Count(c => c.GetInt32() > 0));

        // An explicit range counts only its days, zeros included.
        var range = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync($"/api/attention?q=Iraq&from={rows[0]}&to={rows[^1]}")).RootElement;
        Assert.Equal(rows, range.GetProperty("days").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(json.GetProperty("series")[0].GetProperty("counts").ToString(), range.GetProperty("series")[0].GetProperty("counts").ToString());

        // Split by outlet: one line per top outlet, each a query narrowed to it, each point linking to its articles.
        var (_, split) = await GetAsync("/topics/Iraq?split=outlet");
        var legend = split.QuerySelectorAll("ul.legend code").Select(c => c.TextContent).ToList();
        Assert.Equal(4, legend.Count);
        Assert.All(legend, l => Assert.Matches("^Iraq outlet:\".+\"$", l));
        Assert.Equal(4, split.QuerySelectorAll("svg.attention polyline").Length);
        var point = split.QuerySelector("svg.attention a")!.GetAttribute("href")!;
        var q = Uri.UnescapeDataString(point[(point.IndexOf("q=", StringComparison.Ordinal) + 2)..]);
        Assert.Matches("^Iraq outlet:\".+\" after:2025-\\d\\d-\\d\\d before:2025-\\d\\d-\\d\\d$", q);
        var (linkStatus, linked) = await GetAsync(point);
        Assert.Equal(HttpStatusCode.OK, linkStatus);
        Assert.NotEmpty(linked.QuerySelectorAll("section[aria-label=Results] ul.related > li"));
        var apiSplit = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync("/api/attention?q=Iraq&split=outlet")).RootElement;
        Assert.Equal(legend, apiSplit.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("query").GetString()));
        var (_, lang) = await GetAsync("/topics/Iraq?split=language");
        Assert.All(lang.QuerySelectorAll("ul.legend code"), c => Assert.Matches("^Iraq lang:[a-z]+$", c.TextContent));

        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/attention?q=Iraq&split=city")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/attention?q=Iraq&q=Iran&split=outlet")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/attention?q=Iraq&from=2025-07-10&to=2025-07-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/attention?q=Iraq&from=July")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/attention?q=Iraq&days=0")).StatusCode);
        // An OR query keeps its meaning when narrowed.
        Assert.Equal("(Iraq OR Iran) after:2025-07-01", Herald.Web.Attention.AttentionData.Narrow("Iraq OR Iran", "after:2025-07-01"));
        Assert.Equal("Iraq outlet:\"AP\" after:2025-07-01", Herald.Web.Attention.AttentionData.Narrow("Iraq outlet:\"AP\"", "after:2025-07-01"));
    }

    [Fact]
    public async Task Keyboard_script_is_served_by_the_app_and_allowed_by_the_csp_only_from_itself()
    {
        var response = await host.Client.GetAsync("/static/keys.js");
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        var js = await response.Content.ReadAsStringAsync();
        Assert.Contains("e.key === \"j\"", js, StringComparison.Ordinal);
        var page = await host.Client.GetAsync("/topics/Iraq");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        var doc = Parser.ParseDocument(await page.Content.ReadAsStringAsync());
        var script = Assert.Single(doc.QuerySelectorAll("script"));
        Assert.Equal("/static/keys.js", script.GetAttribute("src"));
        Assert.Equal("", script.TextContent);
    }

    [Fact]
    public async Task Search_page_has_one_search_box_and_the_home_page_counts_a_small_store()
    {
        foreach (var path in new[] { "/search", "/search?q=Iraq" })
        {
            var (_, doc) = await GetAsync(path);
            var box = Assert.Single(doc.QuerySelectorAll("input[name=q]"));
            Assert.Equal("q", box.Id);
        }

        var (_, other) = await GetAsync("/topics/Iraq");
        Assert.Single(other.QuerySelectorAll("input[name=q]"));

        var (_, home) = await GetAsync("/");
        var note = home.QuerySelectorAll("h2").Single(h => h.TextContent == "Biggest stories").NextElementSibling!.TextContent;
        Assert.Matches(@"^Among all \d+ articles stored\.$", note);
        Assert.DoesNotContain("20,000", note, StringComparison.Ordinal);
    }
}
