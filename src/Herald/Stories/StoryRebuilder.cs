using Herald.Pipeline;

namespace Herald.Stories;

/// <summary>
/// Re-runs the streaming clusterer over the stored articles from a point in time on, in publication order, and
/// writes each article's story, copy-of and republication flag. Ingest calls it for the window its new articles
/// fall in, so late-arriving or back-dated articles still join the right story; story ids are deterministic, so
/// articles outside the changes keep their story.
/// </summary>
public sealed class StoryRebuilder(IArticleStore store, Func<IStoryClusterer> newClusterer)
{
    /// <summary>How far before the earliest new article the re-run starts, so it meets the stories they may join.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(7);

    public async Task<int> RebuildAsync(DateTimeOffset? from, CancellationToken ct)
    {
        var clusterer = newClusterer();
        var batch = new List<Pipeline.StoryAssignment>(1000);
        var count = 0;
        // Refinement (a split when a story freezes, splits and merges at the end) moves articles already
        // written; the moves follow in the same batches, so the store ends with what `herald cluster` writes.
        // Each story's representative headline is recorded when the story is frozen (idle, or at the end), so
        // lists and pages show the clusterer's most central headline rather than choosing their own.
        var headlines = new Dictionary<string, string>(StringComparer.Ordinal);
        if (clusterer is StoryClusterer streaming)
        {
            streaming.Moved += (id, a) => batch.Add(new Pipeline.StoryAssignment(id, a.StoryId, a.DuplicateOf, a.Republished));
            streaming.Frozen += s =>
            {
                if (s.RepresentativeHeadline.Length > 0)
                {
                    headlines[s.Id] = s.RepresentativeHeadline;
                }
            };
        }

        await foreach (var article in store.ReadChronologicalAsync(from - Lookback, ct))
        {
            var s = clusterer.Assign(article);
            batch.Add(new Pipeline.StoryAssignment(article.Id, s.StoryId, s.DuplicateOf, s.Republished));
            count++;
            if (batch.Count >= 1000)
            {
                await store.AssignStoriesAsync(batch, ct);
                batch.Clear();
            }
        }

        (clusterer as StoryClusterer)?.Flush();
        await store.AssignStoriesAsync(batch, ct);
        await store.SaveStoryHeadlinesAsync([.. headlines.Select(h => new StoryHeadline(h.Key, h.Value))], ct);
        return count;
    }
}
