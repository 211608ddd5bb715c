using Herald.Composition;

using Xunit.Abstractions;

namespace Herald.Tests.Stories;

public sealed class SeedHeadlineTests(ITestOutputHelper output)
{
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
}
