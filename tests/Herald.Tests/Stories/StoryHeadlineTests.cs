using Herald.Composition;

using Herald.Ingest;
using Herald.Pipeline;
using Herald.Tests.Storage;
using Herald.Text;
using Herald.Topics;

namespace Herald.Tests.Stories;

/// <summary>
/// One story, one headline: the clusterer's representative (the member nearest the story's centroid) is recorded
/// by the rebuilder and is what the store's lists and the topic page show.
/// </summary>
public sealed class StoryHeadlineTests
{
    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Lists_and_topic_pages_show_the_clusterers_representative_headline(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind, "story-headlines");
        var store = owned.Store;
        var page = new SeedPageReader(OutletRegistry.CreateDefault()).ReadFile(TestPaths.SampleSeedPage);
        await store.UpsertAsync([.. SeedPageArticles.ToArticles(page, DateTimeOffset.UnixEpoch)], CancellationToken.None);

        // The headlines a clusterer over the same articles chooses, gathered as stories are frozen.
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        var clusterer = StoryClustering.NewClusterer();
        clusterer.Frozen += s => expected[s.Id] = s.RepresentativeHeadline;
        await foreach (var a in store.ReadChronologicalAsync(null, null, CancellationToken.None))
        {
            clusterer.Assign(a);
        }

        clusterer.Flush();
        await StoryClustering.NewRebuilder(store).RebuildAsync(null, CancellationToken.None);

        var listed = await store.ListStoriesAsync(null, 10, CancellationToken.None);
        var multi = listed.Where(s => s.Articles > 1).ToList();
        Assert.True(multi.Count >= 3, $"expected several multi-article stories, got {multi.Count}");
        Assert.All(multi, s => Assert.Equal(expected[s.Id], s.Headline));

        var topic = await new TopicPageBuilder(store, TimeProvider.System).BuildAsync("Iraq", "Iraq", 500, CancellationToken.None);
        foreach (var s in topic.Stories.Where(s => s.Articles.Count > 1))
        {
            Assert.Equal(expected[s.Id], s.Headline);
        }

        // The World Bank story's four outlets word it four ways; whichever the clusterer picked is the one shown.
        var worldBank = Assert.Single(multi, s => s.Headline.Contains("World Bank", StringComparison.Ordinal));
        Assert.Equal(4, worldBank.Articles);
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Recorded_headlines_replace_earlier_ones_and_unknown_stories_are_left_out(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind, "story-headlines");
        var store = owned.Store;
        await store.SaveStoryHeadlinesAsync([new StoryHeadline("s1", "First"), new StoryHeadline("s2", "Second")], CancellationToken.None);
        await store.SaveStoryHeadlinesAsync([new StoryHeadline("s1", "First, better")], CancellationToken.None);
        var got = await store.GetStoryHeadlinesAsync(["s1", "s2", "s3"], CancellationToken.None);
        Assert.Equal(2, got.Count);
        Assert.Equal("First, better", got["s1"]);
        Assert.Equal("Second", got["s2"]);
    }
}
