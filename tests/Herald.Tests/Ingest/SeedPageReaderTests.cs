using System.Text;
using Herald.Ingest;
using Herald.Model;
using Herald.Text;

namespace Herald.Tests.Ingest;

public sealed class SeedPageReaderTests
{
    private static SeedPage ReadSeed() => new SeedPageReader(OutletRegistry.CreateDefault()).ReadFile(TestPaths.SampleSeedPage);

    [SkippableFact]
    public void Bundled_sample_is_the_seed_page()
    {
        Skip.IfNot(File.Exists(TestPaths.SeedPage), "../shared/seed is absent");

        Assert.Equal(File.ReadAllBytes(TestPaths.SeedPage), File.ReadAllBytes(TestPaths.SampleSeedPage));
    }

    [Fact]
    public void Lead_keeps_its_outlet_body_and_contributors()
    {
        var lead = ReadSeed().Lead!;
        Assert.Equal("Russia condemns US over ‘absurd’ response to Mosul civilian deaths", lead.Title);
        Assert.Equal("CNN", lead.Outlet);
        Assert.Equal(14, lead.Paragraphs.Count);
        Assert.StartsWith("Russia's Ministry of Defense issued a statement Sunday", lead.Paragraphs[0]);
        Assert.Equal(["Tim Lister", "Radina Gigova", "Barbara Starr", "Ryan Brown"], lead.Contributors);
    }

    [Fact]
    public void View_post_headline_is_recognised_as_the_lead_written_differently()
    {
        var page = ReadSeed();
        Assert.NotNull(page.ViewPost);
        Assert.True(page.ViewPost.MatchesLead);
        Assert.Equal("CNN", page.ViewPost.Outlet);
        Assert.Empty(page.Warnings);
    }

    [Fact]
    public void Reads_all_eighty_related_posts_with_culture_invariant_dates()
    {
        var related = ReadSeed().Related;
        Assert.Equal(80, related.Count);
        Assert.Equal(new DateOnly(2025, 7, 8), related[0].Date);
        Assert.Equal(new DateOnly(2025, 6, 24), related[^1].Date);
        Assert.All(related, r => Assert.Equal(r.Date, r.ListedDate));
    }

    [Fact]
    public void Recovers_an_empty_outlet_from_the_headline_tail()
    {
        var post = ReadSeed().Related.Single(r => r.Title.StartsWith("Syrian authorities", StringComparison.Ordinal));
        Assert.Equal("Syrian authorities uncover mass grave near Iraq border", post.Title);
        Assert.Equal("Shafaq News", post.Outlet);
    }

    [Fact]
    public void Leaves_the_outlet_unknown_when_nothing_names_it()
    {
        var post = ReadSeed().Related.Single(r => r.Title.StartsWith("Statement Ministry", StringComparison.Ordinal));
        Assert.Equal("Statement Ministry of Foreign Affairs of the Republic of IRAQ", post.Title);
        Assert.Null(post.Outlet);
    }

    [Fact]
    public void Strips_slogans_and_page_title_parts_from_outlets()
    {
        var related = ReadSeed().Related;
        var abc = related.Single(r => r.Title.StartsWith("World Bank approves over $1 billion", StringComparison.Ordinal));
        Assert.Equal("ABC News", abc.Outlet);
        Assert.Equal("World Bank approves over $1 billion for projects in Lebanon, Syria and Iraq", abc.Title);
        Assert.All(related.Where(r => r.OutletAsListed?.Contains("OilPrice", StringComparison.Ordinal) == true),
            r => Assert.Equal("OilPrice.com", r.Outlet));
    }

    [Fact]
    public void Separates_section_prefixes_from_headlines()
    {
        var related = ReadSeed().Related;
        var dvids = related.Where(r => r.Outlet == "DVIDS").ToList();
        Assert.Equal(15, dvids.Count);
        Assert.Equal(14, dvids.Count(r => r.Section == "News"));
        Assert.Contains(dvids, r => r.Title == "Gates Vows to Focus on Iraq, Troop Welfare if Confirmed");
        Assert.Contains(dvids, r => r.Title == "Operation New Town Molds Trust in Iraq" && r.Section is null);
    }

    [Fact]
    public void Keeps_dashes_inside_headlines()
    {
        var post = ReadSeed().Related.Single(r => r.Outlet == "The Guardian");
        Assert.Equal("Trump is making US intelligence parrot his line on Iran - it echoes Bushs invasion of Iraq", post.Title);
    }

    [Fact]
    public void Refuses_an_empty_file_with_a_clear_error()
    {
        var path = Path.Combine(TestPaths.TempDir("seed"), "empty.txt");
        File.WriteAllText(path, "");
        var e = Assert.Throws<HeraldException>(() => new SeedPageReader(OutletRegistry.CreateDefault()).ReadFile(path));
        Assert.Equal($"{path}: empty file", e.Message);
    }

    [Fact]
    public void Refuses_binary_data()
    {
        var path = Path.Combine(TestPaths.TempDir("seed"), "binary.txt");
        File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]);
        var e = Assert.Throws<HeraldException>(() => new SeedPageReader(OutletRegistry.CreateDefault()).ReadFile(path));
        Assert.Contains("binary", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_100_MB_file_without_reading_it()
    {
        var path = Path.Combine(TestPaths.TempDir("seed"), "huge.txt");
        using (var f = File.Create(path))
        {
            f.SetLength(100L * 1024 * 1024);
        }

        var e = Assert.Throws<HeraldException>(() => new SeedPageReader(OutletRegistry.CreateDefault()).ReadFile(path));
        Assert.Contains("too large", e.Message, StringComparison.Ordinal);
        File.Delete(path);
    }

    [Fact]
    public void Parses_partially_with_warnings_when_view_post_is_missing_and_lines_are_truncated()
    {
        var lines = File.ReadAllLines(TestPaths.SampleSeedPage).ToList();
        var viewPost = lines.FindIndex(l => l == "View post:");
        lines.RemoveRange(viewPost, 2);
        lines[^1] = lines[^1][..30];
        var page = new SeedPageReader(OutletRegistry.CreateDefault()).Parse(string.Join('\n', lines), "damaged.txt");
        Assert.Equal("CNN", page.Lead!.Outlet);
        Assert.Null(page.ViewPost);
        Assert.Equal(79, page.Related.Count);
        Assert.Contains(page.Warnings, w => w.Contains("View post", StringComparison.Ordinal));
        Assert.Contains(page.Warnings, w => w.StartsWith($"line {lines.Count}:", StringComparison.Ordinal));
    }

    [Fact]
    public void Reads_a_page_with_a_byte_order_mark_and_crlf_line_ends()
    {
        var text = File.ReadAllText(TestPaths.SampleSeedPage).ReplaceLineEndings("\r\n");
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        var page = new SeedPageReader(OutletRegistry.CreateDefault()).Read(bytes, "bom.txt");
        Assert.Equal(80, page.Related.Count);
        Assert.Equal("Russia condemns US over ‘absurd’ response to Mosul civilian deaths", page.Lead!.Title);
    }
}
