using Herald.Composition;

using Xunit.Abstractions;

namespace Herald.Tests.Stories;

public sealed class SeedHeadlineTests(ITestOutputHelper output)
{
    /// <summary>The seed's related posts (headline-only items, as the page links them), oldest first, through a fresh clusterer.</summary>
    private List<KeyValuePair<string, (string Story, string Outlet)>>? Cluster()
    {
        var seed = SharedData.Directory("seed/000_4ddfc6bcc6cd5d23.txt", output);
        if (seed is null)
        {
            return null;
        }

        var posts = SharedData.SeedRelatedPosts(seed);
        Assert.True(posts.Count > 50, $"only {posts.Count} related posts parsed");
        var c = StoryClustering.NewClusterer();
        // The page lists newest first; publication order is the reverse.
        return posts.OrderBy(p => p.Published).ThenByDescending(p => p.Id, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Title, (c.Assign(p).StoryId, p.Outlet ?? "")))
            .ToList();
    }

    private static string StoryOf(List<KeyValuePair<string, (string Story, string Outlet)>> stories, string headlineStart) =>
        Assert.Single(stories, p => p.Key.StartsWith(headlineStart, StringComparison.Ordinal)).Value.Story;

    [Fact]
    public void Groups_the_world_bank_items_from_four_outlets_into_one_story()
    {
        if (Cluster() is not { } s)
        {
            return;
        }

        var wb = StoryOf(s, "World Bank approves over $1bn");
        Assert.Equal(wb, StoryOf(s, "World Bank approves over $1 billion"));
        Assert.Equal(wb, StoryOf(s, "World Bank Approves Over $1 Billion"));
        Assert.Equal(wb, StoryOf(s, "World Bank approves recovery funding"));
        Assert.NotEqual(wb, StoryOf(s, "Iraq: New US$930 Million Project"));
    }

    [Fact]
    public void Groups_condi_rice_turkey_water_and_the_harsanyi_column()
    {
        if (Cluster() is not { } s)
        {
            return;
        }

        Assert.Equal(2, s.Where(p => p.Key.StartsWith("Iraq War architect Condi Rice", StringComparison.Ordinal)).Select(p => p.Value.Story).Count());
        Assert.Single(s.Where(p => p.Key.StartsWith("Iraq War architect Condi Rice", StringComparison.Ordinal)).Select(p => p.Value.Story).Distinct());
        Assert.Equal(StoryOf(s, "Turkey to Increase Tigris"), StoryOf(s, "Turkey approves increased water flow"));
        Assert.Equal(StoryOf(s, "Trump learned the lessons of Iraq"), StoryOf(s, "David Harsanyi: Trump learned"));
    }

    [Fact]
    public void Keeps_different_stories_that_share_words_apart()
    {
        if (Cluster() is not { } s)
        {
            return;
        }

        var faceOfDefense = s.Where(p => p.Key.StartsWith("News - Face of Defense:", StringComparison.Ordinal)).Select(p => p.Value.Story).ToList();
        Assert.Equal(4, faceOfDefense.Count);
        Assert.Equal(4, faceOfDefense.Distinct().Count());
        Assert.NotEqual(StoryOf(s, "In Iran, we risk repeating the mistakes"), StoryOf(s, "Is Trump Repeating Obamas Iran Mistake"));
        Assert.NotEqual(StoryOf(s, "Did Iran target US base in Iraq"), StoryOf(s, "Trump downplays Iran's missile strikes"));
        Assert.NotEqual(StoryOf(s, "Turkey approves increased water flow"), StoryOf(s, "Turkeys water policies leave Iraq parched"));
        // Most items are stories of their own: the page links many different events.
        Assert.True(s.Select(v => v.Value.Story).Distinct().Count() >= s.Count - 12);
    }

    [Fact]
    public void Keeps_lessons_learned_by_different_subjects_and_items_of_one_series_apart()
    {
        if (Cluster() is not { } s)
        {
            return;
        }

        Assert.NotEqual(StoryOf(s, "Has the UK really learned the lessons of Iraq"), StoryOf(s, "David Harsanyi: Trump learned"));
        Assert.NotEqual(StoryOf(s, "News - On the Ground: Forces Build Cooperation"), StoryOf(s, "News - On the Ground: U.S. Forces Build Security"));
    }

    /// <summary>
    /// A topic feed: every item names Iraq. Two items in one story must share a word besides the topic's (and the
    /// few words every headline has), and all but the page's same-story items stay stories of their own.
    /// </summary>
    [Fact]
    public void Items_that_merely_share_the_topic_word_stay_apart()
    {
        if (Cluster() is not { } s)
        {
            return;
        }

        Assert.True(s.Count(p => p.Key.Contains("Iraq", StringComparison.OrdinalIgnoreCase)) >= s.Count - 2, "the seed's related posts should all name Iraq");
        var groups = s.GroupBy(p => p.Value.Story).Where(g => g.Count() > 1).ToList();
        foreach (var story in groups)
        {
            output.WriteLine(string.Join(" | ", story.Select(p => p.Key)));
            var items = story.Select(p => p.Key).ToList();
            for (var i = 0; i < items.Count; i++)
            {
                for (var j = i + 1; j < items.Count; j++)
                {
                    Assert.True(ContentWords(items[i]).Overlaps(ContentWords(items[j])), $"grouped on the topic word alone: '{items[i]}' and '{items[j]}'");
                }
            }
        }

        // The page's same-story items: the World Bank's funding (4 outlets), Condi Rice's praise, Turkey's water
        // release and the syndicated column (2 each), and nothing else.
        Assert.Equal(4, groups.Count);
        Assert.Equal([2, 2, 2, 4], groups.Select(g => g.Count()).Order());
    }

    /// <summary>Lower-cased words of four letters or more, without the topic's words and the few every headline has.</summary>
    private static HashSet<string> ContentWords(string headline)
    {
        var stop = new HashSet<string>(StringComparer.Ordinal) { "iraq", "iraqs", "iraqi", "news", "with", "from", "over", "into", "after", "that", "this", "their", "says" };
        return headline.Split([' ', ',', ':', ';', '?', '!', '\'', '"', '-', '|', '(', ')', '[', ']'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string([.. w.ToLowerInvariant().Where(char.IsLetter)]))
            .Where(w => w.Length >= 4 && !stop.Contains(w))
            .ToHashSet(StringComparer.Ordinal);
    }
}
