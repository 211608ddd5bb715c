using System.Globalization;
using System.Text;
using Herald.Publish.Research;
using Herald.Tests.Cli;
using Herald.Web;

namespace Herald.Tests.Publish;

/// <summary>`herald export --format csv|attention-csv` and `/api/export` over the sample seed page.</summary>
public sealed class ResearchExportTests
{
    /// <summary>RFC 4180: records split by CRLF outside quotes, fields by commas outside quotes, "" inside quotes is ".</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                Assert.True(field.Length == 0, "a quote opens a field only at its start");
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                Assert.NotEqual('\n', c);
                field.Append(c);
            }
        }

        Assert.False(quoted, "every quoted field is closed");
        Assert.True(field.Length == 0 && record.Count == 0, "the last record ends with CRLF");
        return records;
    }

    private static async Task<string> IngestedAsync()
    {
        var data = TestPaths.TempDir("research");
        var r = await CliHarness.RunAsync(data, "ingest", TestPaths.SampleSeedPage);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return data;
    }

    [Fact]
    public async Task Csv_has_a_row_per_matching_article_with_outlet_language_and_story_columns()
    {
        var data = await IngestedAsync();
        var file = Path.Combine(data, "iraq.csv");
        var r = await CliHarness.RunAsync(data, "export", "--format", "csv", "--query", "Iraq", "--out", file);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = ParseCsv(await File.ReadAllTextAsync(file));
        Assert.Equal(ResearchCsv.Columns, rows[0]);
        Assert.All(rows, row => Assert.Equal(ResearchCsv.Columns.Length, row.Count));

        var search = await CliHarness.RunAsync(data, "export", "--query", "Iraq", "--out", "-");
        var jsonl = search.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(jsonl.Length, rows.Count - 1);
        Assert.Matches(@"^exported \d+ articles to " + System.Text.RegularExpressions.Regex.Escape(file), r.Stdout);

        var col = ResearchCsv.Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var body = rows.Skip(1).ToList();
        Assert.All(body, row => Assert.NotEmpty(row[col["id"]]));
        Assert.All(body, row => Assert.NotEmpty(row[col["story"]]));
        Assert.Contains(body, row => row[col["outlet"]] == "CNN" && row[col["language"]] == "en" && int.Parse(row[col["words"]], CultureInfo.InvariantCulture) > 100);
        Assert.All(body.Where(row => row[col["published"]].Length > 0), row =>
            DateTime.ParseExact(row[col["published"]], ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssZ"], CultureInfo.InvariantCulture, DateTimeStyles.None));
    }

    [Fact]
    public async Task Attention_counts_matches_and_totals_per_day_and_their_share()
    {
        var data = await IngestedAsync();
        var r = await CliHarness.RunAsync(data, "export", "--format", "attention-csv", "--query", "Iraq", "--query", "oil", "--out", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = ParseCsv(r.Stdout);
        Assert.Equal(["date", "query", "count", "total", "share"], rows[0]);
        var body = rows.Skip(1).ToList();
        Assert.Equal(body.Count / 2 * 2, body.Count);
        foreach (var row in body)
        {
            DateOnly.ParseExact(row[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var count = int.Parse(row[2], CultureInfo.InvariantCulture);
            var total = int.Parse(row[3], CultureInfo.InvariantCulture);
            Assert.InRange(count, 0, total);
            Assert.Equal((double)count / total, double.Parse(row[4], CultureInfo.InvariantCulture), 6);
        }

        // Per query, the day counts add up to what the CSV export of the same query holds; totals to the whole store.
        foreach (var q in new[] { "Iraq", "oil" })
        {
            var csv = await CliHarness.RunAsync(data, "export", "--format", "csv", "--query", q, "--out", "-");
            Assert.Equal(ParseCsv(csv.Stdout).Count - 1, body.Where(x => x[1] == q).Sum(x => int.Parse(x[2], CultureInfo.InvariantCulture)));
        }

        var all = await CliHarness.RunAsync(data, "export", "--format", "csv", "--out", "-");
        Assert.Equal(ParseCsv(all.Stdout).Count - 1, body.Where(x => x[1] == "Iraq").Sum(x => int.Parse(x[3], CultureInfo.InvariantCulture)));
        Assert.Contains(body, x => x[1] == "Iraq" && x[2] != "0");

        var bad = await CliHarness.RunAsync(data, "export", "--format", "attention-csv", "--out", "-");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("herald: --format attention-csv: needs one --query per series (and no --topic or --story)", bad.Stderr.Trim());
    }

    [Fact]
    public async Task The_api_streams_the_same_csv_as_a_download()
    {
        var data = await IngestedAsync();
        var cli = await CliHarness.RunAsync(data, "export", "--format", "csv", "--query", "Iraq AND oil", "--out", "-");
        await using var app = HeraldWebApp.Build(new WebOptions(data, Port: 0, GdeltInterval: TimeSpan.Zero));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = HeraldWebApp.BaseAddress(app) };
        using var response = await client.GetAsync("/api/export?format=csv&q=" + Uri.EscapeDataString("Iraq AND oil"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.True(response.Headers.TransferEncodingChunked, "streamed, not buffered whole");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(ParseCsv(cli.Stdout).Select(r => string.Join('\u0001', r)).Order(StringComparer.Ordinal),
            ParseCsv(body).Select(r => string.Join('\u0001', r)).Order(StringComparer.Ordinal));
        Assert.True(ParseCsv(body).Count > 1);

        // The search page links its results' download.
        var search = await client.GetStringAsync("/search?q=" + Uri.EscapeDataString("Iraq AND oil"));
        Assert.Contains("<a href=\"/api/export?format=csv&amp;q=Iraq%20AND%20oil\">CSV</a>", search, StringComparison.Ordinal);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await client.GetAsync("/api/export?format=xml")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/api/export?story=no-such-story")).StatusCode);
        await app.StopAsync();
    }

    [Theory]
    [InlineData("https://www.bbc.co.uk/news/x", "GB")]
    [InlineData("https://www.spiegel.de/a", "DE")]
    [InlineData("https://www.cnn.com/a", null)]
    [InlineData("https://example.io/a", null)]
    [InlineData(null, null)]
    public void Outlet_country_comes_from_a_country_code_domain(string? url, string? country) =>
        Assert.Equal(country, ResearchCsv.OutletCountry(url));
}
