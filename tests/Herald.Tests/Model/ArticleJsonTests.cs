using Herald.Model;

namespace Herald.Tests.Model;

public sealed class ArticleJsonTests
{
    [Fact]
    public void Round_trips_the_extract_contract_fields()
    {
        var a = new Article
        {
            Id = "abc",
            Url = "https://example.com/a",
            Title = "Iraq’s “smart” bombs",
            Authors = ["Tim Lister"],
            Published = new DateTimeOffset(2017, 4, 2, 10, 0, 0, TimeSpan.Zero),
            Outlet = "CNN",
            Language = "en",
            Text = "One.\n\nTwo.",
        };
        var back = ArticleJson.Parse(ArticleJson.Serialize(a), "line 1");
        Assert.Equal(a.Title, back.Title);
        Assert.Equal(a.Published, back.Published);
        Assert.Equal(["One.", "Two."], back.Paragraphs);
        Assert.Equal("Tim Lister", Assert.Single(back.Authors));
    }

    [Fact]
    public void Names_the_input_when_a_line_is_not_json()
    {
        var e = Assert.Throws<HeraldException>(() => ArticleJson.Parse("{oops", "in.jsonl:3"));
        Assert.StartsWith("in.jsonl:3: not valid JSON", e.Message);
    }
}
