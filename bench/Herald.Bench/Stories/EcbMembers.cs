using Herald.Annotate.Entities;
using Herald.Evaluation.Stories;
using Herald.Stories;

namespace Herald.Bench.Stories;

/// <summary>
/// ECB+ documents as story members for the analysis scripts (`stories diag`, `stories ceiling`): vectors from a
/// second pass, so every document is weighed with the document frequencies of the whole set, and the leads and
/// dates the conflicts read, as the clusterer keeps them.
/// </summary>
internal static class EcbMembers
{
    /// <summary>Members by document id, and each term's inverse document frequency over the set.</summary>
    public static (Dictionary<string, Story.Member> Members, Func<ulong, double> Idf) Build(IReadOnlyList<EcbDocument> docs, StoryClustererOptions options)
    {
        var features = new ArticleFeatures(options.Features);
        var counts = docs.Select(d => features.Counts(d.ToArticle())).ToList();
        var df = new Dictionary<ulong, int>();
        foreach (var c in counts)
        {
            features.Vectorize(c);
            foreach (var k in c.Keys)
            {
                df[k] = df.GetValueOrDefault(k) + 1;
            }
        }

        var members = new Dictionary<string, Story.Member>(StringComparer.Ordinal);
        for (var i = 0; i < docs.Count; i++)
        {
            var article = docs[i].ToArticle();
            members[docs[i].Id] = new Story.Member(docs[i].Id, docs[i].Title, "", features.Vectorize(counts[i]), null, i, null, null, "")
            {
                Lead = options.UsesEntities ? StoryEntityTagger.Lead(article, options.EntityLeadChars) : null,
                People = PeopleTagger.Default,
                Dates = options.DateConflictPenalty > 0 ? StoryDates.Keys(article, options.DateLeadChars) : null,
            };
        }

        var total = docs.Count;
        return (members, key => Math.Log((total + 1.0) / (df.GetValueOrDefault(key) + 0.5)));
    }
}
