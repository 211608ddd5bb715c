using System.IO.Compression;
using System.Text;
using Herald.Extract;
using Herald.Ingest.Feeds;
using Herald.Ingest.Fetch;
using Herald.Ingest.Warc;
using Herald.Model;
using Herald.Publish.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Tests.Fuzz;

/// <summary>
/// Inputs that crashed a parser under `tools/fuzz` (docs/FUZZING.md), cut down to what triggers the fault, each held
/// to the parser's documented contract: a value that describes the problem, never an unexpected exception.
/// </summary>
public sealed class FuzzFindingsTests
{
    private static readonly Uri Document = new("https://example.org/feed");

    /// <summary>The link the rdf finding's parser reads (the 28 bytes as Latin-1 "ã").</summary>
    private static readonly string BrokenHostLink = "http://www.example.c" + new string('\u00E3', 28) + "hModulesNoDefNSLocalNameClash/feed";

    [Fact]
    public void Rdf_item_link_whose_host_idna_refuses_is_kept_as_it_came()
    {
        // AFL++ (rdf target): a run of bytes that are not UTF-8 inside an item link's host. The parser reads them as
        // Latin-1 "ã"; Uri accepts the host, and Uri's IDN host then throws on it (the label's ASCII form is longer
        // than the 63 characters DNS allows).
        var link = new List<byte>(Encoding.ASCII.GetBytes("http://www.example.c"));
        link.AddRange(Enumerable.Repeat((byte)0xE3, 28));
        link.AddRange(Encoding.ASCII.GetBytes("hModulesNoDefNSLocalNameClash/feed"));
        var rdf = new List<byte>(Encoding.UTF8.GetBytes(
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">" +
            "<channel rdf:about=\"https://example.org/\"><title>T</title><link>https://example.org/</link></channel>" +
            "<item rdf:about=\"x\"><title>Broken host</title><link>"));
        rdf.AddRange(link);
        rdf.AddRange(Encoding.UTF8.GetBytes("</link></item></rdf:RDF>"));
        var feed = new FeedParser().Parse(rdf.ToArray(), null, Document);
        var item = Assert.Single(feed.Items);
        var article = FeedArticleMapper.Map(item, feed, "fuzz", DateTimeOffset.UnixEpoch);
        Assert.Equal("Broken host", article.Article.Title);
        Assert.Contains("hModulesNoDefNSLocalNameClash/feed", article.Article.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_whose_host_idna_refuses_is_a_failed_fetch_not_an_exception()
    {
        // The same link as above, kept as it came by the canonicaliser, reaches the fetcher when a summary-only item's
        // page is fetched for its full text (and could come as a redirect): the host-keyed politeness and health
        // steps read Uri.IdnHost, which throws on it.
        var url = new Uri(BrokenHostLink);
        var options = new FetchOptions { AllowPrivateAddresses = false };
        await using var services = FetchServices.Build(options);
        var fetcher = new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), options);
        var result = await fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None);
        Assert.Equal(FetchOutcome.Failed, result.Outcome);
        Assert.Equal(FetchFailureKind.Dns, result.Failure);
        Assert.Contains("ASCII", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_webhook_address_whose_host_idna_refuses_is_a_one_line_error()
    {
        var e = Assert.Throws<HeraldException>(() => WebhookRegistry.CheckUrl(BrokenHostLink, allowPrivate: false));
        Assert.Contains("ASCII", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("summary")]
    [InlineData("id")]
    [InlineData("tags")]
    public void Json_feed_with_invalid_utf8_inside_a_string_is_read_with_replacement_characters(string field)
    {
        // json-feed target: the JSON reader accepts the document and only throws when the string is read.
        var value = field == "tags" ? "[\"a\u0001\"]" : "\"a\u0001\"";
        var bytes = Encoding.UTF8.GetBytes($"{{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{{\"url\":\"https://example.org/a\",\"{field}\":{value}}}]}}")
            .Select(b => b == 0x01 ? (byte)0xF7 : b).ToArray();

        var feed = new FeedParser().Parse(bytes, null, Document);

        var item = Assert.Single(feed.Items);
        var text = field switch
        {
            "title" => item.Title!.Value,
            "summary" => item.Summary!.Value,
            "id" => item.Id!,
            _ => Assert.Single(item.Categories).Term,
        };
        Assert.Contains("a\uFFFD", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://ple.or\u007f/post")]
    [InlineData("h|tps://ple.org/post")]
    [InlineData("http://[::1/post")]
    public void Json_feed_item_whose_url_is_no_valid_uri_still_sanitises_its_html(string url)
    {
        // json-feed target: the item's address was made a Uri with `new Uri`, which throws on these.
        var json = $$"""{"version":"https://jsonfeed.org/version/1","items":[{"id":"1","url":{{System.Text.Json.JsonSerializer.Serialize(url)}},"content_html":"<p>Hello <a href=\"/x\">there</a></p><script>alert(1)</script>"}]}""";

        var feed = new FeedParser().Parse(Encoding.UTF8.GetBytes(json), null, Document);

        var item = Assert.Single(feed.Items);
        var html = Assert.Single(item.Content).Value;
        Assert.Contains("Hello", html, StringComparison.Ordinal);
        Assert.DoesNotContain("script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Warc_gz_with_a_corrupt_compressed_member_keeps_what_came_before_and_reports_the_problem()
    {
        // warc target: a damaged deflate stream threw InvalidDataException out of Responses() instead of ending it.
        var page = "<html><body><p>Harbour reopens</p></body></html>"u8.ToArray();
        var http = (byte[])[.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {page.Length}\r\n\r\n"), .. page];
        var record = (byte[])[.. Encoding.ASCII.GetBytes($"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://coast.example/harbour\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {http.Length}\r\n\r\n"), .. http, .. "\r\n\r\n"u8];
        using var member = new MemoryStream();
        using (var gz = new GZipStream(member, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(record);
        }

        // A second gzip member whose first deflate block has the reserved block type 11.
        byte[] corrupt = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0x07, 0x00, 0x00, 0x00];
        var path = Path.Combine(TestPaths.TempDir("fuzz-warc"), "damaged.warc.gz");
        File.WriteAllBytes(path, [.. member.ToArray(), .. corrupt]);

        var reader = WarcReader.Open(path);
        var responses = reader.Responses().ToList();

        Assert.Equal("https://coast.example/harbour", Assert.Single(responses).TargetUri);
        Assert.StartsWith("corrupt gzip data", reader.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utf-7", null)]
    [InlineData(null, "<meta charset=\"utf-7\">")]
    [InlineData("UTF-7", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-7\">")]
    public void Html_declared_as_utf7_is_decoded_as_if_undeclared(string? httpCharset, string? meta)
    {
        // html target: Encoding.GetEncoding("utf-7") throws NotSupportedException, which escaped the extractor.
        var page = $"<html><head>{meta}<title>Harbour reopens after storm</title></head><body><article><h1>Harbour reopens after storm</h1>"
            + "<p>The harbour reopened on Monday after a week of repairs to the sea wall, the port authority said on Monday.</p>"
            + "<p>Fishing boats returned to their moorings by the afternoon, and the ferry service will resume on Wednesday.</p>"
            + "<p>+ADw-script+AD4-alert(1)+ADw-/script+AD4-</p></article></body></html>";

        var outcome = new ArticleExtractor().Extract(Encoding.ASCII.GetBytes(page), "utf7", "https://coast.example/harbour", httpCharset);

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Equal("Harbour reopens after storm", outcome.Article!.Title);
        Assert.Contains("+ADw-script+AD4-", outcome.Article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("text")]
    [InlineData("authors")]
    public void Jsonl_record_with_an_unpaired_surrogate_escape_is_refused_naming_the_field(string field)
    {
        // jsonl target: "\udff3" passes the JSON reader and threw InvalidOperationException when the value was read.
        var value = field == "authors" ? "[\"Jane \\udff3\"]" : "\"Harbour \\udff3\"";
        var line = $"{{\"id\":\"harbour\",\"{field}\":{value}}}";

        var e = Assert.Throws<HeraldException>(() => ArticleJson.Parse(line, "records.jsonl:7"));

        Assert.Equal($"records.jsonl:7: \"{field}\" is not valid text (an unpaired surrogate escape)", e.Message);
    }

    [Fact]
    public void Json_feed_with_an_unpaired_surrogate_escape_reads_the_value_as_absent()
    {
        // json-feed target: the same escape in a feed item; the item stays, the unreadable values are dropped.
        var json = """{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"\udff3","url":"https://example.org/a","title":"Harbour \udff3","tags":["\ud800","port"],"content_text":"Harbour reopens"}]}""";

        var feed = new FeedParser().Parse(Encoding.UTF8.GetBytes(json), null, Document);

        var item = Assert.Single(feed.Items);
        Assert.Null(item.Title);
        Assert.Equal("port", Assert.Single(item.Categories).Term);
        Assert.Equal("Harbour reopens", Assert.Single(item.Content).Value);
    }

    [Fact]
    public void Json_feed_attachments_that_are_not_objects_are_ignored()
    {
        // json-feed target: Str() asked a string element for a property, which throws.
        var json = """{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","url":"https://example.org/a","content_text":"Harbour reopens","attachments":["https://example.org/a.mp3",3,null,{"url":"https://example.org/b.mp3","mime_type":"audio/mpeg"}]}]}""";

        var feed = new FeedParser().Parse(Encoding.UTF8.GetBytes(json), null, Document);

        Assert.Equal("https://example.org/b.mp3", Assert.Single(Assert.Single(feed.Items).Enclosures).Url);
    }

    [Fact]
    public void Jsonl_record_with_an_unpaired_surrogate_escape_in_a_property_name_is_refused()
    {
        // jsonl target: the reader unescapes property names while it looks one up, and threw there too.
        var line = """{"id":"harbour","\uD83C\n":"en","text":"Harbour reopens"}""";

        var e = Assert.Throws<HeraldException>(() => ArticleJson.Parse(line, "records.jsonl:2"));

        Assert.Equal("records.jsonl:2: has a property name that is not valid text (an unpaired surrogate escape)", e.Message);
    }

    [Fact]
    public void Json_feed_with_an_unpaired_surrogate_escape_in_a_property_name_is_not_well_formed()
    {
        var json = """{"version":"https://jsonfeed.org/version/1.1","\uD83C":1,"items":[{"id":"1","url":"https://example.org/a"}]}""";

        var feed = new FeedParser().Parse(Encoding.UTF8.GetBytes(json), null, Document);

        Assert.False(feed.WellFormed);
        Assert.Contains("unpaired surrogate", feed.Problem, StringComparison.Ordinal);
    }
}
