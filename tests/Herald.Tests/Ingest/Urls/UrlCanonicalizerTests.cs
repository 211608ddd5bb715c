using Herald.Text;

namespace Herald.Tests.Ingest.Urls;

public sealed class UrlCanonicalizerTests
{
    [Theory]
    [InlineData("https://www.example.com/a/story?utm_source=rss&utm_medium=feed&id=7", "https://www.example.com/a/story?id=7")]
    [InlineData("https://www.example.com/a/story?fbclid=IwAR0abc", "https://www.example.com/a/story")]
    [InlineData("HTTPS://WWW.Example.COM:443/a/story#comments", "https://www.example.com/a/story")]
    [InlineData("https://www.example.com/s?b=2&a=1&gclid=x", "https://www.example.com/s?a=1&b=2")]
    public void Strips_utm_parameters_and_other_trackers(string input, string expected) =>
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(input));

    [Theory]
    [InlineData("https://www.example.com/news/story/amp", "https://www.example.com/news/story/")]
    [InlineData("https://www.example.com/amp/news/story.html", "https://www.example.com/news/story.html")]
    [InlineData("https://www.example.com/news/story.amp.html", "https://www.example.com/news/story.html")]
    [InlineData("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/story", "https://www.example.com/news/story")]
    [InlineData("https://www.example.com/news/story?outputType=amp", "https://www.example.com/news/story")]
    public void Maps_amp_variants_to_the_main_page(string input, string expected) =>
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(input));

    [Theory]
    [InlineData("https://m.example.com/news/story", "https://www.example.com/news/story")]
    [InlineData("https://mobile.example.co.uk/news/story", "https://www.example.co.uk/news/story")]
    public void Maps_mobile_hosts_to_the_main_host(string input, string expected) =>
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(input));

    [Fact]
    public void Identity_key_ignores_scheme_www_and_trailing_slash() =>
        Assert.Equal(
            UrlCanonicalizer.IdentityKey("http://example.com/news/story/"),
            UrlCanonicalizer.IdentityKey("https://m.example.com/news/story?utm_campaign=x"));

    [Fact]
    public void Keeps_meaningful_query_parameters() =>
        Assert.NotEqual(
            UrlCanonicalizer.IdentityKey("https://example.com/article?id=1"),
            UrlCanonicalizer.IdentityKey("https://example.com/article?id=2"));
}
