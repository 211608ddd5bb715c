using System.IO.Compression;
using System.Text;
using Herald.Ingest.Warc;

namespace Herald.Tests.Ingest.Warc;

public sealed class WarcReaderTests
{
    private static byte[] Record(string type, string uri, byte[] block, string contentType)
    {
        var head = $"WARC/1.0\r\nWARC-Type: {type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-07-08T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{Guid.NewGuid()}>\r\nContent-Type: {contentType}\r\nContent-Length: {block.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. block, .. "\r\n\r\n"u8];
    }

    private static byte[] Gzip(byte[] data)
    {
        using var m = new MemoryStream();
        using (var gz = new GZipStream(m, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(data);
        }

        return m.ToArray();
    }

    [Fact]
    public void Reads_response_records_from_a_per_record_gzipped_file()
    {
        var html = Encoding.UTF8.GetBytes("<html><body><p>Grüße</p></body></html>");
        var gzBody = Gzip(html);
        var chunked = Encoding.ASCII.GetBytes(gzBody.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n").Concat(gzBody).Concat("\r\n0\r\n\r\n"u8.ToArray()).ToArray();
        var http = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n").Concat(chunked).ToArray();
        var request = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: e.test\r\n\r\n");
        var file = Path.Combine(TestPaths.TempDir("warc"), "sample.warc.gz");
        File.WriteAllBytes(file, [
            .. Gzip(Record("warcinfo", "", "software: test\r\n"u8.ToArray(), "application/warc-fields")),
            .. Gzip(Record("request", "https://e.test/a", request, "application/http; msgtype=request")),
            .. Gzip(Record("response", "https://e.test/a", http, "application/http; msgtype=response")),
        ]);

        var reader = WarcReader.Open(file);
        var response = Assert.Single(reader.Responses());
        Assert.Null(reader.Problem);
        Assert.Equal("https://e.test/a", response.TargetUri);
        Assert.Equal(200, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.ContentType);
        Assert.Equal(html, response.Body);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public void A_compression_bomb_inside_a_record_expands_no_further_than_the_extractor_reads(string encoding)
    {
        // 1 GiB of zeros compresses to about a megabyte: a record well under the 64 MB record cap.
        byte[] bomb;
        using (var m = new MemoryStream())
        {
            using (Stream z = encoding == "br" ? new BrotliStream(m, CompressionLevel.Fastest, leaveOpen: true) : new GZipStream(m, CompressionLevel.Optimal, leaveOpen: true))
            {
                var zeros = new byte[1 << 20];
                for (var i = 0; i < 1024; i++)
                {
                    z.Write(zeros);
                }
            }

            bomb = m.ToArray();
        }

        Assert.True(bomb.Length < 8 * 1024 * 1024, $"{bomb.Length} bytes compressed");
        var http = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: {encoding}\r\n\r\n").Concat(bomb).ToArray();
        var file = Path.Combine(TestPaths.TempDir("warc-bomb"), "bomb.warc");
        File.WriteAllBytes(file, Record("response", "https://e.test/bomb", http, "application/http; msgtype=response"));

        var response = Assert.Single(WarcReader.Open(file).Responses());
        // One byte past what the extractor accepts, so it reports the page as too large instead of reading a gigabyte.
        Assert.Equal(16 * 1024 * 1024 + 1, response.Body.Length);
    }

    private sealed class TitleExtractor : Herald.Ingest.Fetch.IPageExtractor
    {
        public Herald.Model.Article? Extract(byte[] html, string? contentType, Uri url) =>
            new() { Id = url.AbsolutePath, Url = url.AbsoluteUri, Title = "t", Text = Herald.Ingest.Feeds.HtmlText.ToPlainText(Encoding.UTF8.GetString(html)) };
    }

    [Fact]
    public async Task Importer_turns_html_responses_into_articles_and_reports_the_rest()
    {
        var page = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Story text</p>");
        var image = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG");
        var file = Path.Combine(TestPaths.TempDir("warc-import"), "news.warc");
        File.WriteAllBytes(file, [
            .. Record("response", "https://e.test/story", page, "application/http; msgtype=response"),
            .. Record("response", "https://e.test/logo.png", image, "application/http; msgtype=response"),
        ]);
        var importer = new Herald.Ingest.Warc.WarcImporter(new TitleExtractor());
        var warnings = new List<string>();
        var articles = new List<Herald.Model.Article>();
        await foreach (var a in importer.ReadAsync(file, warnings.Add, CancellationToken.None))
        {
            articles.Add(a);
        }

        Assert.Equal("Story text", Assert.Single(articles).Text);
        Assert.Equal(new DateTimeOffset(2025, 7, 8, 10, 0, 0, TimeSpan.Zero), articles[0].FirstSeen);
        Assert.Contains(warnings, w => w.Contains("1 responses were not HTML", StringComparison.Ordinal));
    }

    [Fact]
    public void Truncated_file_ends_with_a_problem()
    {
        var full = Record("response", "https://e.test/a", "HTTP/1.1 200 OK\r\n\r\nhello"u8.ToArray(), "application/http; msgtype=response");
        var reader = new WarcReader(new MemoryStream(full[..(full.Length - 10)]));
        Assert.Empty(reader.Responses());
        Assert.Equal("the file ends inside a record", reader.Problem);
    }
}
