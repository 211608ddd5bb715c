using System.Text;
using Herald.Ingest.Feeds;

namespace Herald.Tests.Fuzz;

/// <summary>
/// Inputs that crashed a parser under `tools/fuzz` (docs/FUZZING.md), cut down to what triggers the fault, each held
/// to the parser's documented contract: a value that describes the problem, never an unexpected exception.
/// </summary>
public sealed class FuzzFindingsTests
{
    private static readonly Uri Document = new("https://example.org/feed");

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
}
