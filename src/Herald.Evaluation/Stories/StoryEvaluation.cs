using Herald.Composition;

using Herald.Stories;

namespace Herald.Evaluation.Stories;

/// <summary>Clusters ECB+ documents with a fresh <see cref="StoryClusterer"/> and scores the result against the subtopics.</summary>
public static class StoryEvaluation
{
    /// <summary>
    /// B-cubed over the documents of <paramref name="topics"/> (all when null), averaged over
    /// <paramref name="orders"/> stream orders, since a streaming clusterer depends on arrival order.
    /// </summary>
    public static BCubedScore Score(IReadOnlyList<EcbDocument> docs, StoryClustererOptions options,
        IReadOnlySet<int>? topics = null, int orders = 3)
    {
        var subset = docs.Where(d => topics is null || topics.Contains(d.Topic)).ToList();
        var gold = subset.ToDictionary(d => d.Id, d => d.Subtopic, StringComparer.Ordinal);
        double p = 0, r = 0, f = 0;
        for (var seed = 1; seed <= orders; seed++)
        {
            var predicted = Cluster(EcbPlusCorpus.Shuffled(subset, seed), options);
            var s = BCubed.Score(predicted, gold);
            p += s.Precision;
            r += s.Recall;
            f += s.F1;
        }

        return new BCubedScore(p / orders, r / orders, f / orders);
    }

    /// <summary>Each document's final story, as `herald cluster` writes it: assignments, then moves, then the end-of-input refinement.</summary>
    public static Dictionary<string, string> Cluster(IEnumerable<EcbDocument> stream, StoryClustererOptions options)
    {
        var clusterer = StoryClustering.NewClusterer(options);
        var predicted = new Dictionary<string, string>(StringComparer.Ordinal);
        clusterer.Moved += (id, a) => predicted[id] = a.StoryId;
        foreach (var d in stream)
        {
            predicted[d.Id] = clusterer.Assign(d.ToArticle()).StoryId;
        }

        clusterer.Flush();
        return predicted;
    }
}
