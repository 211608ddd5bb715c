using Herald.Composition;

using Herald.Model;
using Herald.Stories;
using Herald.Evaluation.Stories;
using Xunit.Abstractions;

namespace Herald.Tests.Stories;

public sealed class StoryClustererTests(ITestOutputHelper output)
{
    private IReadOnlyList<EcbDocument>? Docs() => SharedData.EcbPlus(output);

    [Fact]
    public void Groups_ecb_documents_into_their_stories()
    {
        if (Docs() is not { } docs)
        {
            return;
        }

        var score = StoryEvaluation.Score(docs, new StoryClustererOptions(), orders: 1);
        output.WriteLine(score.ToString());
        // Floor below the measured figure (one order: P 0.945 R 0.928 F1 0.937; bench `stories`, three orders: 0.932);
        // a regression in features, scoring or refinement falls under it.
        Assert.True(score.F1 >= 0.92, score.ToString());
        Assert.True(score.Precision >= 0.91, score.ToString());
    }

    [Fact]
    public void Splits_a_story_that_swallowed_a_second_event_of_the_same_kind_at_the_end_of_input()
    {
        if (Docs() is not { } docs)
        {
            return;
        }

        // Klitschko's two title defences: streaming alone puts both fights in one story.
        var topic = EcbPlusCorpus.Shuffled(docs.Where(d => d.Topic == 7).ToList(), seed: 1);
        var streamed = StoryEvaluation.Cluster(topic, new StoryClustererOptions { SplitRatio = 0, FragmentRatio = 0 });
        var refined = StoryEvaluation.Cluster(topic, new StoryClustererOptions());
        var gold = topic.ToDictionary(d => d.Id, d => d.Subtopic, StringComparer.Ordinal);
        var before = BCubed.Score(streamed, gold);
        var after = BCubed.Score(refined, gold);
        output.WriteLine($"streaming only {before}; refined {after}");
        Assert.True(before.Precision < 0.8, before.ToString());
        Assert.True(after.F1 >= 0.95, after.ToString());
    }

    [Fact]
    public void Reports_every_move_so_the_final_stories_match_a_fresh_look_up()
    {
        if (Docs() is not { } docs)
        {
            return;
        }

        var c = StoryClustering.NewClusterer();
        var story = new Dictionary<string, string>(StringComparer.Ordinal);
        var moves = 0;
        c.Moved += (id, a) =>
        {
            story[id] = a.StoryId;
            moves++;
        };
        foreach (var d in EcbPlusCorpus.Shuffled(docs.Where(d => d.Topic is 7 or 28).ToList(), seed: 2))
        {
            story[d.Id] = c.Assign(d.ToArticle()).StoryId;
        }

        var summaries = new List<StorySummary>();
        c.Frozen += summaries.Add;
        c.Flush();
        Assert.True(moves > 0);
        // Every story an article ends in is one the clusterer reported, with that many articles.
        var counts = story.Values.GroupBy(v => v, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(counts.OrderBy(p => p.Key, StringComparer.Ordinal), summaries.Select(s => KeyValuePair.Create(s.Id, s.ArticleCount)).OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Assigns_the_same_ids_to_the_same_input()
    {
        if (Docs() is not { } docs)
        {
            return;
        }

        var subset = docs.Where(d => d.Topic <= 5).ToList();
        string[] Run()
        {
            var c = StoryClustering.NewClusterer();
            return [.. subset.Select(d => c.Assign(d.ToArticle()).StoryId)];
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Puts_a_copy_in_its_originals_story_and_names_the_original()
    {
        if (Docs() is not { } docs)
        {
            return;
        }

        var c = StoryClustering.NewClusterer();
        var original = docs.First(d => d.Text.Length > 1500);
        var first = c.Assign(original.ToArticle());
        foreach (var other in docs.Where(d => d.Topic != original.Topic).Take(50))
        {
            c.Assign(other.ToArticle());
        }

        var copy = c.Assign(new Article { Id = "reprint", Title = "Reprinted", Text = original.Text + "\n\nCopyright the wire service. All rights reserved worldwide." });
        Assert.Equal(first.StoryId, copy.StoryId);
        Assert.Equal(original.Id, copy.DuplicateOf);
    }

    [Fact]
    public void Summarises_a_story_with_its_outlets_span_and_timeline()
    {
        if (Docs() is not { } docs)
        {
            return;
        }

        // One story's reports (1_plus) inside a mixed stream of ten topics, five hours apart.
        var c = StoryClustering.NewClusterer();
        var day = new DateTimeOffset(2008, 12, 10, 8, 0, 0, TimeSpan.Zero);
        var stream = EcbPlusCorpus.Shuffled(docs.Where(d => d.Topic <= 10).ToList(), seed: 5);
        var storyOf = new Dictionary<string, string>();
        for (var i = 0; i < stream.Count; i++)
        {
            var d = stream[i];
            var outlet = d.Subtopic == "1_plus" ? $"Outlet {i % 3}" : "Other";
            storyOf[d.Id] = c.Assign(d.ToArticle() with { Outlet = outlet, Published = day.AddHours(i * 0.5) }).StoryId;
        }

        var members = stream.Where(d => d.Subtopic == "1_plus").ToList();
        var main = members.GroupBy(d => storyOf[d.Id]).OrderByDescending(g => g.Count()).First();
        var summary = c.ActiveSummaries().Single(s => s.Id == main.Key);
        output.WriteLine($"{summary.RepresentativeHeadline} ({summary.ArticleCount} articles, {main.Count()} of {members.Count} gold)");
        Assert.True(main.Count() >= members.Count * 2 / 3);
        Assert.Contains("Outlet 0", summary.Outlets);
        Assert.Contains("Outlet 2", summary.Outlets);
        Assert.Equal(summary.ArticleCount, summary.Timeline.Sum(t => t.Articles));
        Assert.True(summary.FirstSeen < summary.LastSeen);
        Assert.Contains(members, d => d.Title == summary.RepresentativeHeadline);
    }

    [Fact]
    public void Keeps_stories_apart_that_are_days_apart_and_freezes_idle_ones()
    {
        if (Docs() is not { } docs)
        {
            return;
        }

        var frozen = new List<StorySummary>();
        var c = StoryClustering.NewClusterer(new StoryClustererOptions { IdleWindow = TimeSpan.FromDays(3) });
        c.Frozen += frozen.Add;
        var start = new DateTimeOffset(2011, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var topic = docs.Where(d => d.Topic == 3).ToList();
        var ids = new HashSet<string>();
        var i = 0;
        foreach (var d in topic)
        {
            // The same documents, one story's worth every 30 days: time decay must split them.
            var at = start.AddDays(30 * (i % 2)).AddMinutes(i);
            ids.Add(c.Assign(d.ToArticle() with { Id = d.Id + "-" + i, Published = at }).StoryId);
            i++;
        }

        for (var k = 0; k < 2_100; k++)
        {
            c.Assign(new Article { Id = $"filler{k}", Title = $"Filler {k}", Published = start.AddDays(40 + (k / 100.0)) });
        }

        Assert.True(ids.Count >= 2);
        Assert.NotEmpty(frozen);
    }
}
