using Herald.Ingest.Feeds;

namespace Herald.Tests.Ingest.Feeds;

public sealed class FeedParserRobustnessTests
{
    /// <summary>
    /// Every suite file, truncated at random points and with random bytes changed, must parse without an
    /// exception: damaged input yields a not-well-formed result, never a crash.
    /// </summary>
    [Fact]
    public void Damaged_feeds_never_crash_the_parser()
    {
        var root = TestPaths.Data("feeds", "feedparser");
        if (!Directory.Exists(root))
        {
            return;
        }

        var parser = new FeedParser();
        var random = new Random(5);
        var files = Directory.EnumerateFiles(root, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 300);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            for (var round = 0; round < 6; round++)
            {
                var damaged = bytes[..random.Next(bytes.Length + 1)];
                for (var flips = random.Next(4); flips > 0 && damaged.Length > 0; flips--)
                {
                    damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                }

                var result = parser.Parse(damaged, round % 2 == 0 ? null : "text/xml; charset=utf-8", new Uri("http://127.0.0.1/x.xml"));
                Assert.NotNull(result);
            }
        }
    }
}

public sealed class FeedDateParserRobustnessTests
{
    [Fact]
    public void Random_date_like_text_never_throws()
    {
        var random = new Random(11);
        const string alphabet = "0123456789-:+TZ ,.WedThuJanDecGMTEST/";
        for (var i = 0; i < 20000; i++)
        {
            var chars = new char[random.Next(1, 32)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = alphabet[random.Next(alphabet.Length)];
            }

            _ = FeedDateParser.Parse(new string(chars));
        }

        foreach (var edge in (string[])["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2004-000", "2004-367", "2004-01-01T10:00+99:00", "Fri, 31 Dec 9999 24:00:00 -1200"])
        {
            _ = FeedDateParser.Parse(edge);
        }
    }

    /// <summary>Whatever the input, the output has no script element, event handler or script URL.</summary>
    [Fact]
    public void Random_markup_never_breaks_the_sanitiser()
    {
        var random = new Random(5);
        string[] pieces = ["<", ">", "</", "/>", "a", "script", "style", " href=", "\"", "'", "javascript:", "&amp;", "&", "<!--", "-->", "<![CDATA[", "]]>", "=", " ", "p", "img", "src", "url(", ")"];
        for (var i = 0; i < 5000; i++)
        {
            var html = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            var clean = HtmlSanitizer.Sanitize(html, new Uri("http://e.test/"));
            foreach (var token in HtmlTokenizer.Tokenize(clean).Where(t => t.Kind == HtmlTokenKind.StartTag))
            {
                Assert.NotEqual("script", token.Name);
                Assert.DoesNotContain(token.Attributes, a => a.Name.StartsWith("on", StringComparison.Ordinal));
                Assert.DoesNotContain(token.Attributes, a => System.Net.WebUtility.HtmlDecode(a.Value).TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase));
            }
        }
    }
}
