using System.Text.Json;
using Herald.Annotate;
using Herald.Cli.Commands;
using Herald.Model;

namespace Herald.Tests.Annotate;

public sealed class AnnotateCommandTests
{
    [Fact]
    public void A_republished_record_resolves_relative_dates_against_its_original_date()
    {
        var line = JsonSerializer.Serialize(new
        {
            id = "r1",
            published = "2025-07-08",
            republished = "2017-04-01",
            text = "The ministry denied any role in the civilian deaths in Mosul last month.",
        });
        using var doc = JsonDocument.Parse(AnnotateCommand.AnnotateLine(line, "in.jsonl:1", ArticleAnnotator.CreateDefault()));
        var lastMonth = doc.RootElement.GetProperty("dates").EnumerateArray().Single(d => d.GetProperty("text").GetString() == "last month");
        Assert.Equal("2017-03", lastMonth.GetProperty("value").GetString());
    }

    [Fact]
    public void Keeps_the_input_fields_and_adds_every_annotation()
    {
        var line = JsonSerializer.Serialize(new
        {
            id = "a1",
            url = "https://example.com/a1",
            title = "T",
            published = "2017-04-02T10:00:00Z",
            text = "Russia condemned the United States on Sunday, killing 141 people, officials said.",
            extra = 5,
        });
        using var doc = JsonDocument.Parse(AnnotateCommand.AnnotateLine(line, "in.jsonl:1", ArticleAnnotator.CreateDefault()));
        var r = doc.RootElement;
        Assert.Equal("a1", r.GetProperty("id").GetString());
        Assert.Equal(5, r.GetProperty("extra").GetInt32());
        foreach (var field in new[] { "entities", "places", "quotes", "amounts", "dates", "events" })
        {
            Assert.Equal(JsonValueKind.Array, r.GetProperty(field).ValueKind);
        }

        Assert.Equal("2017-04-02", r.GetProperty("dates")[0].GetProperty("value").GetString());
        Assert.Equal("RUS", r.GetProperty("events")[0].GetProperty("source").GetString());
        Assert.True(r.GetProperty("tone").GetProperty("wordCount").GetInt32() > 0);
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("{\"text\":\"x\"}", "no \"id\"")]
    [InlineData("{\"id\":\"x\",\"text\":5}", "\"text\" must be a string")]
    public void Names_the_file_and_line_of_a_bad_record(string line, string problem)
    {
        var e = Assert.Throws<HeraldException>(() => AnnotateCommand.AnnotateLine(line, "in.jsonl:7", ArticleAnnotator.CreateDefault()));
        Assert.Equal("in.jsonl:7", e.Input);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotates_every_PolNeAR_dev_article_with_offsets_that_point_into_the_text()
    {
        var dir = SharedData.Folder("data", "quotes", "polnear", "dev", "text");
        if (dir is null)
        {
            return;
        }

        var annotator = ArticleAnnotator.CreateDefault();
        var quotes = 0;
        foreach (var file in Directory.GetFiles(dir, "*.txt"))
        {
            var text = File.ReadAllText(file);
            var a = annotator.Annotate(text, null);
            quotes += a.Quotes.Count;
            Assert.All(a.Quotes, q => Assert.Equal(q.Text, text[q.Start..q.End]));
            Assert.All(a.Amounts, m => Assert.Equal(m.Text, text[m.Start..m.End]));
            Assert.All(a.Dates, d => Assert.Equal(d.Text, text[d.Start..d.End]));
            Assert.All(a.Entities, e => Assert.Equal(e.Text, text[e.Start..e.End]));
        }

        Assert.True(quotes > 500, $"only {quotes} quotes in PolNeAR dev");
    }
}
