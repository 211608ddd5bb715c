using Herald.Text;

namespace Herald.Tests.Dedup;

public sealed class UrlCanonicalizerTests
{
    [Fact]
    public void Strips_tracking_parameters_host_prefix_fragment_and_amp()
    {
        // Copy detection compares identity keys: no scheme, no "www.", no tracking parameters, fragment or AMP ending.
        Assert.Equal(
            "cnn.com/2017/04/02/politics/russia-mosul?id=7",
            UrlCanonicalizer.WebIdentityKey("http://www.CNN.com/2017/04/02/politics/russia-mosul/amp?utm_source=rss&id=7&fbclid=x#top"));
    }

    [Fact]
    public void Refuses_what_is_not_a_web_address()
    {
        Assert.Null(UrlCanonicalizer.WebIdentityKey("mailto:desk@example.com"));
        Assert.Null(UrlCanonicalizer.WebIdentityKey("not a url"));
    }
}
