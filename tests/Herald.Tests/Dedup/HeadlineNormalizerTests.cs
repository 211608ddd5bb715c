using Herald.Text.Headlines;

namespace Herald.Tests.Dedup;

public sealed class HeadlineNormalizerTests
{
    [Fact]
    public void Folds_lost_apostrophes_onto_the_possessive()
    {
        Assert.Equal(HeadlineNormalizer.Tokens("Bush's invasion"), HeadlineNormalizer.Tokens("Bushs invasion"));
        Assert.Equal(HeadlineNormalizer.Tokens("Turkey’s water"), HeadlineNormalizer.Tokens("Turkeys water"));
        // "Weve" is the contraction "we've", a stop word, so it leaves no key behind.
        Assert.Equal(["iraq", "funny", "ticket"], HeadlineNormalizer.Tokens("Iraq, But Funny | Weve Got Your Ticket").Where(k => k is not "got" and not "but").ToList());
    }

    [Theory]
    [InlineData("World Bank approves over $1bn for projects")]
    [InlineData("World Bank approves $1 billion for projects")]
    [InlineData("World Bank Approves Over $1 Billion for Projects")]
    public void Gives_every_spelling_of_an_amount_one_key(string headline)
    {
        Assert.Equal(["world", "bank", "approv", "#1000000000", "project"], HeadlineNormalizer.Tokens(headline));
    }

    [Fact]
    public void Reads_glued_and_prefixed_currency_amounts()
    {
        Assert.Contains("#930000000", HeadlineNormalizer.Tokens("New US$930 Million Project"));
        Assert.Contains("#118000000", HeadlineNormalizer.Tokens("Awards $118M Contract"));
        Assert.DoesNotContain("#5", HeadlineNormalizer.Tokens("F-5s and MiG-21s Fought"));
    }

    [Fact]
    public void Drops_section_labels_and_separates_a_byline_prefix()
    {
        var h = HeadlineNormalizer.Normalize("News - Face of Defense: Twins Serve Together in Iraq");
        Assert.Equal(["face", "defens"], h.PrefixKeys);
        Assert.Equal(["twin", "serv", "together", "iraq"], h.BodyKeys);
        var byline = HeadlineNormalizer.Normalize("David Harsanyi: Trump learned the lessons of Iraq");
        Assert.Equal(["david", "harsanyi"], byline.PrefixKeys);
    }

    [Fact]
    public void Drops_the_outlet_name_at_the_end()
    {
        var h = HeadlineNormalizer.Normalize("Russia condemns US over response - CNN", "CNN");
        Assert.DoesNotContain("cnn", h.Keys);
    }

    [Fact]
    public void Matches_a_byline_headline_and_keeps_a_series_apart()
    {
        var index = new HeadlineIndex();
        var all = new[]
        {
            "Trump learned the lessons of Iraq",
            "David Harsanyi: Trump learned the lessons of Iraq",
            "News - Face of Defense: Twins Serve Together in Iraq",
            "News - Face of Defense: Deployed Soldier Keeps Wheels Turning in Iraq",
        }.Select(t => HeadlineNormalizer.Normalize(t)).ToList();
        foreach (var h in all)
        {
            index.Observe(h);
        }

        Assert.True(index.Similarity(all[0], all[1]) >= index.Threshold);
        Assert.True(index.Similarity(all[2], all[3]) < index.Threshold);
    }

    [Fact]
    public void A_headline_matches_recent_coverage_only_within_the_window()
    {
        var index = new HeadlineIndex { Window = TimeSpan.FromDays(7) };
        var day = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var first = HeadlineNormalizer.Normalize("Condi Rice heaps praise on Trump admin for Iran strikes");
        var repeat = HeadlineNormalizer.Normalize("Condoleezza Rice heaps praise on Trump administration over Iran strikes");
        index.Observe(first);
        index.Add(first, "a", "story-a", time: day);
        index.Observe(repeat);

        // Three days on it matches; forty days on, the same wording is new coverage, not a link to the old item.
        Assert.Equal("story-a", index.Match(repeat, time: day.AddDays(3))?.Group);
        Assert.Null(index.Match(repeat, time: day.AddDays(40)));
        // Undated on either side: no window applies.
        Assert.Equal("story-a", index.Match(repeat)?.Group);
        var unbounded = new HeadlineIndex { Window = TimeSpan.Zero };
        unbounded.Observe(first);
        unbounded.Add(first, "a", "story-a", time: day);
        unbounded.Observe(repeat);
        Assert.Equal("story-a", unbounded.Match(repeat, time: day.AddDays(40))?.Group);
    }

    [Fact]
    public void Match_picks_what_a_full_pairwise_comparison_picks()
    {
        // Match weighs candidates on numbered keys with pruning; its pick and score must be those of comparing the
        // headline with every earlier one through the public Similarity, the threshold, series and name rules.
        var titles = new[]
        {
            "Iraq's parliament approves budget after months of delay",
            "Exclusive: Iraq parliament approves budget after months of delay",
            "Baghdad flood defences tested as Tigris rises",
            "Analysis: Iraq budget approved, but oil output doubts remain",
            "Iraqi parliament finally approves delayed budget",
            "Tigris rises: Baghdad tests its flood defences",
            "Face of Defense: Twins Serve Together in Iraq",
            "Face of Defense: Deployed Soldier Keeps Wheels Turning in Iraq",
            "Iraq parliament approves budget after months of delay",
            "Iraqs parliament approves budget after long delay",
            "Baghdad tests flood defences as the Tigris rises again",
        };
        var index = new HeadlineIndex();
        var day = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var added = new List<(NormalizedHeadline Headline, string Title)>();
        var matched = 0;
        for (var i = 0; i < titles.Length; i++)
        {
            var h = HeadlineNormalizer.Normalize(titles[i]);
            index.Observe(h);
            var match = index.Match(h, titles[i], day.AddHours(i));
            var expected = added
                .Select((a, n) => (N: n, Score: index.Similarity(h, a.Headline), a))
                .Where(x => x.Score >= (h.HasPrefix && x.a.Headline.HasPrefix && h.PrefixKeys.SequenceEqual(x.a.Headline.PrefixKeys) ? Math.Max(index.Threshold, index.SeriesThreshold) : index.Threshold))
                .Where(x => !HeadlineNames.Conflict(HeadlineNames.Of(titles[i]), HeadlineNames.Of(x.a.Title)))
                .OrderByDescending(x => x.Score)
                .FirstOrDefault();
            if (expected.a.Headline is null)
            {
                Assert.Null(match);
            }
            else
            {
                Assert.NotNull(match);
                Assert.Equal(expected.Score, match.Score, 9);
                Assert.Equal(expected.Score, index.Similarity(h, added[int.Parse(match.ArticleId, System.Globalization.CultureInfo.InvariantCulture)].Headline), 9);
                matched++;
            }

            index.Add(h, i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"story-{i}", titles[i], day.AddHours(i));
            added.Add((h, titles[i]));
        }

        Assert.True(matched >= 4, $"only {matched} of the pick-ups matched");
    }
}
