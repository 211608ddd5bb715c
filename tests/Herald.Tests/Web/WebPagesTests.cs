using Herald.Model;
using Herald.Pipeline;
using System.Net;
using AngleSharp.Html.Parser;

namespace Herald.Tests.Web;

public sealed class WebPagesTests(WebHost host) : IClassFixture<WebHost>
{
    private static readonly HtmlParser Parser = new();

    private async Task<(HttpStatusCode Status, AngleSharp.Html.Dom.IHtmlDocument Doc)> GetAsync(string path)
    {
        var response = await host.Client.GetAsync(path);
        return (response.StatusCode, Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Topic_page_opens_with_story_cards_ranked_by_outlets_with_copies_collapsed_then_every_article_newest_first()
    {
        var (status, doc) = await GetAsync("/topics/Iraq");
        Assert.Equal(HttpStatusCode.OK, status);
        // Stories come first: no full-text lead article before them.
        Assert.Null(doc.QuerySelector("article.lead"));
        var headings = doc.QuerySelectorAll("main h2").Select(h => h.TextContent).ToList();
        Assert.Equal("Top stories", headings[0]);
        var cards = doc.QuerySelectorAll("article.card").ToList();
        Assert.InRange(cards.Count, 5, 12);
        var outletCounts = cards.Select(c => c.QuerySelectorAll("p.outlets a.chip").Length).ToList();
        Assert.Equal(outletCounts.OrderByDescending(n => n), outletCounts);
        Assert.Equal(4, outletCounts[0]);
        // The top card is a current story, never one flagged as republished.
        Assert.Null(cards[0].QuerySelector(".flag"));
        Assert.All(cards[0].QuerySelectorAll("p.outlets a.chip"), a => Assert.StartsWith("/topics/Iraq?outlet=", a.GetAttribute("href"), StringComparison.Ordinal));
        // The MSN item repeats The Independent's headline: one card, the copy collapsed under the earlier original.
        var condi = cards.Single(c => c.QuerySelector("h3")!.TextContent.StartsWith("Iraq War architect Condi Rice", StringComparison.Ordinal));
        var copies = condi.QuerySelector("details.copies")!;
        Assert.Equal("+1 copy", copies.QuerySelector("summary")!.TextContent);
        Assert.Single(copies.QuerySelectorAll("li"));
        Assert.Null(copies.GetAttribute("open"));
        Assert.Contains(copies.QuerySelector("li .outlet")!.TextContent, new[] { "MSN", "The Independent" });

        // The list of every article shows each original once, newest first, its copies folded under it.
        var dates = doc.QuerySelectorAll("ul.related > li > time[datetime]").Select(t => t.GetAttribute("datetime")!).ToList();
        Assert.True(dates.Count > 50, $"only {dates.Count} related posts");
        Assert.Equal(dates.OrderByDescending(d => d, StringComparer.Ordinal), dates);
        var titles = doc.QuerySelectorAll("ul.related > li > a[href^='/articles/']").Select(a => a.TextContent).ToList();
        Assert.Single(titles, t => t.StartsWith("Iraq War architect Condi Rice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outlets_names_and_map_dots_filter_inside_the_topic()
    {
        var (_, doc) = await GetAsync("/topics/Iraq");
        var bars = doc.QuerySelectorAll("svg.chart:not(.attention) a[href]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.NotEmpty(bars);
        Assert.All(bars, h => Assert.StartsWith("/topics/Iraq?outlet=", h, StringComparison.Ordinal));
        var people = doc.QuerySelectorAll("section h2").First(h => h.TextContent == "Top people").ParentElement!.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.All(people, h => Assert.StartsWith("/topics/Iraq?entity=", h, StringComparison.Ordinal));
        Assert.All(doc.QuerySelectorAll("svg.map circle"), c => Assert.StartsWith("/topics/Iraq?entity=", c.ParentElement!.GetAttribute("href"), StringComparison.Ordinal));

        var (status, byOutlet) = await GetAsync("/topics/Iraq?outlet=Kurdistan24");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Showing articles from Kurdistan24", byOutlet.QuerySelector("p.filter")!.TextContent, StringComparison.Ordinal);
        var outlets = byOutlet.QuerySelectorAll("ul.related > li > span.outlet").Select(o => o.TextContent).Distinct().ToList();
        Assert.Equal(["Kurdistan24"], outlets);
        Assert.Equal("/topics/Iraq", byOutlet.QuerySelector("p.filter a")!.GetAttribute("href"));

        var (_, byName) = await GetAsync("/topics/Iraq?entity=" + Uri.EscapeDataString("World Bank"));
        var titles = byName.QuerySelectorAll("ul.related > li").Where(li => li.QuerySelector(":scope > a[href^='/articles/']") is not null).Select(li => li.TextContent).ToList();
        // The headlines (and the outlet) that name it and the Mosul Dam articles whose bodies do; nothing else of the topic.
        Assert.InRange(titles.Count, 5, 12);
        Assert.All(titles, t => Assert.True(t.Contains("World Bank", StringComparison.Ordinal) || t.Contains("Mosul Dam", StringComparison.Ordinal), t));

        // Everything was collected moments ago, so the last 24 hours hold every article; a quoted value cannot break out.
        var (_, day) = await GetAsync("/topics/Iraq?hours=24");
        Assert.True(day.QuerySelectorAll("ul.related > li").Length > 50);
        var (hostile, _) = await GetAsync("/topics/Iraq?outlet=" + Uri.EscapeDataString("\") OR x:\"<b>"));
        Assert.Equal(HttpStatusCode.OK, hostile);
    }

    [Fact]
    public async Task Topic_page_shows_what_is_new_since_this_browsers_last_visit()
    {
        const string word = "Zebrafinchvisit";
        await using (var store = Herald.Storage.Sqlite.SqliteStore.OpenFolder(host.DataDirectory))
        {
            await store.SaveTopicAsync(new Topic("Visits", word, DateTimeOffset.UtcNow), CancellationToken.None);
            await store.UpsertAsync([new Article { Id = "visit-old", Url = "https://old.example.com/a", Title = word + " surveyed on the Tigris", Outlet = "Rudaw", Text = "" }], CancellationToken.None);
        }

        var client = host.NewClient();
        var first = await client.GetStringAsync("/topics/Visits");
        Assert.Contains("shows what is new next time", first, StringComparison.Ordinal);
        Assert.Contains("Nothing new since your last visit", await client.GetStringAsync("/topics/Visits"), StringComparison.Ordinal);

        await Task.Delay(20);
        await using (var store = Herald.Storage.Sqlite.SqliteStore.OpenFolder(host.DataDirectory))
        {
            await store.UpsertAsync([new Article { Id = "visit-new", Url = "https://new.example.com/b", Title = word + " returns to the marshes", Outlet = "Kurdistan24", Text = "" }], CancellationToken.None);
        }

        var third = Parser.ParseDocument(await client.GetStringAsync("/topics/Visits"));
        var line = third.QuerySelector("p.visit.new")!;
        Assert.StartsWith("1 new since your last visit", line.TextContent, StringComparison.Ordinal);
        var onlyNew = Parser.ParseDocument(await client.GetStringAsync(line.QuerySelector("a")!.GetAttribute("href")!));
        var titles = onlyNew.QuerySelectorAll("ul.related > li > a[href^='/articles/']").Select(a => a.TextContent).ToList();
        Assert.Equal([word + " returns to the marshes"], titles);
        // Another browser has its own last visit.
        Assert.Contains("shows what is new next time", await host.NewClient().GetStringAsync("/topics/Visits"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headline_only_items_are_annotated_and_names_count_originals()
    {
        var (_, doc) = await GetAsync("/topics/Iraq");
        Assert.DoesNotContain("run the annotator", doc.Body!.TextContent, StringComparison.Ordinal);
        var places = doc.QuerySelectorAll("section h2").First(h => h.TextContent == "Top places").ParentElement!.QuerySelectorAll("li").Select(li => li.TextContent).ToList();
        // Nearly every one of the seed's 80 headline-only items names Iraq; before, only the one body did.
        var iraq = places.First(p => p.StartsWith("Iraq ", StringComparison.Ordinal));
        var count = int.Parse(iraq.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(count, 40, 90);
        Assert.Contains("only a headline", doc.Body!.TextContent, StringComparison.Ordinal);
        // One entity, one entry: the headlines' "US" and the resolver's "United States" are one line.
        Assert.Single(places, p => p.StartsWith("United States ", StringComparison.Ordinal));
        Assert.DoesNotContain(places, p => p.StartsWith("US ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attention_chart_has_dated_labels_share_and_compares_queries_and_the_api_gives_the_same_numbers()
    {
        var (_, doc) = await GetAsync("/topics/Iraq?compare=Iran&compare=Syria");
        var chart = doc.QuerySelector("svg.attention")!;
        Assert.Equal(3, chart.QuerySelectorAll("polyline").Length);
        var labels = chart.QuerySelectorAll("text").Select(t => t.TextContent).ToList();
        Assert.Contains(labels, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d{1,2} (Jun|Jul)$"));
        Assert.True(labels.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d{1,2} [A-Z][a-z]{2}$")) >= 3, string.Join(" | ", labels));
        Assert.Equal(["Iraq", "Iran", "Syria"], doc.QuerySelectorAll("ul.legend code").Select(c => c.TextContent));
        // Each point leads to that day's articles of its query.
        var point = chart.QuerySelector("a[href] circle")!.ParentElement!.GetAttribute("href")!;
        Assert.StartsWith("/search?sort=newest&q=", point, StringComparison.Ordinal);
        Assert.Contains("after%3A2025-", point, StringComparison.Ordinal);

        var json = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync("/api/attention?q=Iraq&q=Iran")).RootElement;
        var days = json.GetProperty("days").EnumerateArray().Select(d => d.GetString()!).ToList();
        var all = json.GetProperty("all").EnumerateArray().Select(d => d.GetInt32()).ToList();
        var series = json.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["Iraq", "Iran"], series.Select(x => x.GetProperty("query").GetString()));
        var iraq = series[0].GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).ToList();
        var iran = series[1].GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).ToList();
        Assert.Equal(days.Count, iraq.Count);
        Assert.All(Enumerable.Range(0, days.Count), k => Assert.True(iraq[k] <= all[k] && iran[k] <= all[k]));
        Assert.True(iran.Sum() > 0 && iran.Sum() < iraq.Sum());
        var k = iraq.FindIndex(c => c > 0);
        Assert.Equal(iraq[k] / (double)all[k], series[0].GetProperty("share")[k].GetDouble(), 3);

        var csv = await host.Client.GetStringAsync("/api/attention?q=Iraq&q=Iran&format=csv");
        var rows = csv.TrimEnd().Split('\n');
        Assert.Equal("day,query,count,all,share", rows[0]);
        Assert.Equal(days.Count * 2, rows.Length - 1);
        Assert.StartsWith($"{days[k]},Iraq,{iraq[k]},{all[k]},", rows.Single(r => r.StartsWith(days[k] + ",Iraq,", StringComparison.Ordinal)), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/attention")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/attention?q=a&q=b&q=c&q=d&q=e")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/attention?q=Iraq%20AND")).StatusCode);
        // A query that does not parse on the page is reported beside the chart; the page still answers.
        var (status, bad) = await GetAsync("/topics/Iraq?compare=" + Uri.EscapeDataString("Iran AND"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(bad.QuerySelector("section, main")!.QuerySelector("p.error"));
    }

    [Fact]
    public async Task A_merged_story_id_redirects_to_the_living_story_on_the_page_and_in_the_api()
    {
        var page = await host.Client.GetAsync("/stories/" + WebHost.MergedStoryId);
        Assert.Equal(HttpStatusCode.MovedPermanently, page.StatusCode);
        Assert.Equal("/stories/" + WebHost.StoryId, page.Headers.Location!.OriginalString);
        var api = await host.Client.GetAsync("/api/stories/" + WebHost.MergedStoryId);
        Assert.Equal(HttpStatusCode.MovedPermanently, api.StatusCode);
        Assert.Equal("/api/stories/" + WebHost.StoryId, api.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/stories/story-never-was")).StatusCode);
    }

    [Fact]
    public async Task Web_topic_page_and_cli_topic_page_show_one_headline_per_story()
    {
        await using var store = Herald.Storage.Sqlite.SqliteStore.OpenFolder(host.DataDirectory);
        var cli = await new Herald.Topics.TopicPageBuilder(store, TimeProvider.System).BuildAsync("Iraq", "Iraq", 500, CancellationToken.None);
        var (_, doc) = await GetAsync("/topics/Iraq");
        var shown = doc.QuerySelectorAll("article.card h3 > a[href^='/stories/']")
            .ToDictionary(a => Uri.UnescapeDataString(a.GetAttribute("href")!["/stories/".Length..]), a => a.TextContent);
        var multi = cli.Stories.Where(s => s.Articles.Select(a => a.Outlet).Distinct().Count() > 1).ToList();
        Assert.True(multi.Count >= 3, $"{multi.Count} multi-outlet stories");
        foreach (var story in multi)
        {
            Assert.Equal(story.Headline, shown[story.Id]);
        }
    }

    [Fact]
    public async Task Topic_page_draws_volume_outlets_stories_people_and_a_map()
    {
        var (_, doc) = await GetAsync("/topics/Iraq");
        var headings = doc.QuerySelectorAll("h2").Select(h => h.TextContent).ToList();
        Assert.Contains("Attention over time", headings);
        Assert.Contains("Top outlets", headings);
        Assert.Contains("Top stories", headings);
        Assert.Contains("Top people", headings);
        Assert.Contains("Top places", headings);
        Assert.NotEmpty(doc.QuerySelectorAll("svg.chart rect.bar"));
        Assert.NotEmpty(doc.QuerySelectorAll("svg.attention polyline"));
        var map = doc.QuerySelector("svg.map")!;
        // The hand-made Mosul Dam annotations place two points; the seed's lead, annotated at ingest, adds its own.
        Assert.True(map.QuerySelectorAll("circle").Length >= 2);
        Assert.Contains(doc.QuerySelectorAll("a[href^='/stories/']"), a => a.GetAttribute("href") == "/stories/" + WebHost.StoryId);
        Assert.Contains("Nadhir al-Ansari", doc.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Story_page_lists_outlets_by_time_with_quotes_timeline_map_and_republished_flags()
    {
        var (status, doc) = await GetAsync("/stories/" + WebHost.StoryId);
        Assert.Equal(HttpStatusCode.OK, status);
        var outlets = doc.QuerySelectorAll("tbody td.outlet").Select(td => td.TextContent).ToList();
        Assert.Equal(["Reuters", "Al Jazeera", "BBC News"], outlets);
        Assert.Equal("Engineers warn Mosul Dam needs urgent repairs", doc.QuerySelector("h1")!.TextContent);
        Assert.Contains("Who said what", doc.QuerySelectorAll("h2").Select(h => h.TextContent));
        Assert.Contains("Nadhir al-Ansari", doc.QuerySelector("q.quote")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Single(doc.QuerySelectorAll("tbody .flag"));
        Assert.NotNull(doc.QuerySelector("svg.map circle"));
        Assert.Equal(3, doc.QuerySelectorAll("svg.chart circle").Length);
    }

    [Fact]
    public async Task Article_page_says_the_cameo_events_and_the_tone_the_annotator_found_in_the_seed_lead()
    {
        // The seed's lead (CNN, annotated at ingest): the coder reads "Russia's Ministry of Defense ... derides US
        // officials' comments" as CAMEO 111 (criticise or denounce), root 11.
        var (_, search) = await GetAsync("/search?q=" + Uri.EscapeDataString("\"Ministry of Defense\" derides"));
        var link = search.QuerySelectorAll("a[href^='/articles/']").First(a => a.TextContent.Contains("Russia condemns US", StringComparison.Ordinal));
        var (status, doc) = await GetAsync(link.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Events", doc.QuerySelectorAll("h2").Select(h => h.TextContent));
        var events = doc.QuerySelectorAll("ul.events li").Select(li => li.TextContent).ToList();
        Assert.Contains(events, e => e.StartsWith("Russia's Ministry of Defense criticised US officials (CAMEO 111, Goldstein −2)", StringComparison.Ordinal));
        Assert.All(events, e => Assert.Contains("“", e, StringComparison.Ordinal));
        Assert.Matches(@"^tone [+−]?\d+\.\d \((negative|neutral|positive)\)$", doc.QuerySelector("span.tone")!.TextContent);
    }

    [Fact]
    public async Task Article_page_highlights_entities_places_quotes_and_amounts_and_links_the_original()
    {
        var (status, doc) = await GetAsync("/articles/mosul-0");
        Assert.Equal(HttpStatusCode.OK, status);
        var body = doc.QuerySelector("div.body")!;
        Assert.Equal("Nadhir al-Ansari", body.QuerySelector("mark.person")!.TextContent);
        Assert.Contains(body.QuerySelectorAll("mark.org"), m => m.TextContent == "World Bank");
        Assert.Contains(body.QuerySelectorAll("mark.place"), m => m.TextContent == "Baghdad");
        Assert.Equal("300 million dollars", body.QuerySelector("mark.amount")!.TextContent);
        Assert.StartsWith("\"The foundation", body.QuerySelector("q.quote")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, body.QuerySelectorAll("p").Length);
        Assert.Equal("https://news0.example.com/mosul-dam", doc.QuerySelectorAll("a").First(a => a.TextContent == "Read the original").GetAttribute("href"));
    }

    [Fact]
    public async Task Article_page_of_the_seed_lead_highlights_what_ingest_annotated()
    {
        // The seed page's lead article: full text, annotated by the Annotate stage during ingest.
        var (_, search) = await GetAsync("/search?q=" + Uri.EscapeDataString("\"Russia condemns\""));
        var href = search.QuerySelector("section[aria-label=Results] li a")!.GetAttribute("href")!;
        var (status, doc) = await GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(doc.QuerySelectorAll("mark"), m => m.TextContent == "Mosul");
        Assert.True(doc.QuerySelectorAll("article p").Length > 3);
    }

    [Fact]
    public async Task Search_matches_phrases_and_boolean_operators_with_highlighted_snippets()
    {
        var (status, doc) = await GetAsync("/search?q=" + Uri.EscapeDataString("\"Mosul Dam\" AND repairs NOT Syria"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, doc.QuerySelectorAll("section[aria-label=Results] ul.related > li").Length);
        Assert.NotEmpty(doc.QuerySelectorAll("section[aria-label=Results] mark"));

        var (_, none) = await GetAsync("/search?q=" + Uri.EscapeDataString("\"Mosul Dam\" NOT Baghdad"));
        Assert.Contains("0 results", none.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_shows_outlet_language_date_and_entity_facets_that_narrow_the_query()
    {
        var (_, doc) = await GetAsync("/search?q=Mosul");
        var facets = doc.QuerySelector("aside[aria-label=Facets]")!;
        var titles = facets.QuerySelectorAll("h3").Select(h => h.TextContent).ToList();
        Assert.Contains("Outlet", titles);
        Assert.Contains("Language", titles);
        Assert.Contains("Date", titles);
        Assert.Contains("Person (this page)", titles);
        Assert.Contains("Place (this page)", titles);
        var reuters = facets.QuerySelectorAll("a").First(a => a.TextContent == "Reuters").GetAttribute("href")!;
        var (_, narrowed) = await GetAsync(reuters);
        Assert.Single(narrowed.QuerySelectorAll("section[aria-label=Results] ul.related > li"));
    }

    [Fact]
    public async Task Search_sorts_by_date_and_pages_through_results()
    {
        var (_, first) = await GetAsync("/search?q=Iraq&sort=newest");
        var items = first.QuerySelectorAll("section[aria-label=Results] ul.related > li").ToList();
        Assert.Equal(20, items.Count);
        var dates = first.QuerySelectorAll("section[aria-label=Results] time[datetime]").Select(t => t.GetAttribute("datetime")!).ToList();
        Assert.Equal(dates.OrderByDescending(d => d, StringComparer.Ordinal), dates);
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var (_, second) = await GetAsync(next);
        Assert.Contains("page 2 of", second.Body!.TextContent, StringComparison.Ordinal);
        var firstIds = items.Select(li => li.QuerySelector("a")!.GetAttribute("href")).ToHashSet();
        Assert.DoesNotContain(second.QuerySelectorAll("section[aria-label=Results] ul.related > li > a:first-of-type"), a => firstIds.Contains(a.GetAttribute("href")));
    }

    [Theory]
    [InlineData("/search?q=(Iraq", 400, "unclosed")]
    [InlineData("/search?q=Iraq&sort=sideways", 400, "relevance or newest")]
    [InlineData("/search?q=Iraq&page=-1", 400, "whole number")]
    [InlineData("/topics/Nowhere", 404, "no topic named")]
    [InlineData("/stories/nope", 404, "no story")]
    [InlineData("/articles/nope", 404, "no article")]
    [InlineData("/topics/Iraq/pdf", 404, "Unknown format")]
    public async Task Bad_queries_and_unknown_ids_get_a_clear_message_and_status(string path, int status, string message)
    {
        var response = await host.Client.GetAsync(path);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/topics/Iraq/rss", "<rss")]
    [InlineData("/topics/Iraq/atom", "<feed")]
    [InlineData("/topics/Iraq/json", "jsonfeed.org")]
    [InlineData("/search/rss?q=Mosul", "Mosul Dam")]
    [InlineData("/search/json?q=Mosul", "Mosul Dam")]
    public async Task Topics_and_searches_are_feeds_too(string path, string expected)
    {
        var text = await host.Client.GetStringAsync(path);
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_have_landmarks_labels_and_a_viewport_for_phones()
    {
        foreach (var path in new[] { "/", "/topics/Iraq", "/search?q=Iraq", "/topics/new", "/stories/" + WebHost.StoryId })
        {
            var (_, doc) = await GetAsync(path);
            Assert.NotNull(doc.QuerySelector("main#main"));
            Assert.NotNull(doc.QuerySelector("header nav[aria-label]"));
            Assert.NotNull(doc.QuerySelector("meta[name=viewport]"));
            Assert.Equal("en", doc.DocumentElement.GetAttribute("lang"));
            foreach (var input in doc.QuerySelectorAll("input:not([type=hidden]), textarea, select"))
            {
                Assert.NotNull(doc.QuerySelector($"label[for='{input.Id}']"));
            }

            Assert.All(doc.QuerySelectorAll("svg[role=img]"), svg => Assert.False(string.IsNullOrEmpty(svg.GetAttribute("aria-label"))));
        }
    }
}
