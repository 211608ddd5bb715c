using Herald.Model;
using Herald.Pipeline;
using Herald.Query;

namespace Herald.Topics;

/// <summary>Builds a <see cref="TopicPage"/> from the store: lead, related posts newest first, and stories.</summary>
public sealed class TopicPageBuilder(IArticleStore store, TimeProvider clock)
{
    public const int DefaultLimit = 500;

    public async Task<TopicPage> BuildAsync(string name, string queryText, int limit, CancellationToken ct)
    {
        var query = TopicQuery.Parse(queryText);
        var page = await store.SearchAsync(query, new SearchOptions(Limit: limit, Sort: SearchSort.Newest), ct);
        return await ComposeAsync(name, queryText, page.Hits.Select(h => h.Article).ToList(), ct);
    }

    /// <summary>
    /// The one place a topic page is made from its matching articles, newest first: the CLI, the web pages, the
    /// outgoing feeds and the API all come here (each finds the articles its own way), so a story shows one headline
    /// everywhere: the clusterer's recorded representative.
    /// </summary>
    public async Task<TopicPage> ComposeAsync(string name, string queryText, IReadOnlyList<Article> articles, CancellationToken ct)
    {
        // The lead is what the seed shows first: the newest article with a body, or, when none has a body, none.
        var lead = articles.Where(a => a.Text.Length > 0 && a.DuplicateOf is null)
            .OrderByDescending(a => a.Published ?? a.FirstSeen)
            .FirstOrDefault();
        var related = articles.Where(a => !ReferenceEquals(a, lead)).ToList();
        // Stories rank as a monitor reads them (Google News' full coverage): by how many distinct outlets cover
        // them, then by how recently; a story made only of articles flagged as republished (old news a listing
        // carried again) comes after every current one, so it never opens the page.
        var groups = articles.GroupBy(a => a.Story ?? a.Id, StringComparer.Ordinal).ToList();
        var recorded = await store.GetStoryHeadlinesAsync([.. groups.Where(g => g.Count() > 1).Select(g => g.Key)], ct);
        var stories = groups
            .Select(g => new TopicStory(g.Key, g.Count() == 1 ? g.First().Title : recorded.GetValueOrDefault(g.Key) ?? Representative(g.ToList()), g.ToList()))
            .OrderBy(s => s.AllRepublished)
            .ThenByDescending(s => s.Outlets.Count)
            .ThenByDescending(s => s.Last)
            .ThenByDescending(s => s.Versions.Count)
            .ToList();
        return new TopicPage(name, queryText, lead, related, stories, clock.GetUtcNow());
    }

    public async Task<TopicPage> BuildAsync(Topic topic, CancellationToken ct) =>
        await BuildAsync(topic.Name, topic.Query, DefaultLimit, ct);

    /// <summary>The headline closest to the others (most shared words): the fallback where no representative is recorded.</summary>
    private static string Representative(IReadOnlyList<Article> articles)
    {
        if (articles.Count <= 2)
        {
            return articles[0].Title;
        }

        var words = articles.Select(a => Herald.Text.TextFolding.HeadlineKey(a.Title).Split(' ').ToHashSet(StringComparer.Ordinal)).ToList();
        var best = 0;
        var bestScore = double.MinValue;
        for (var i = 0; i < articles.Count; i++)
        {
            double score = 0;
            for (var j = 0; j < articles.Count; j++)
            {
                if (i != j)
                {
                    var inter = words[i].Intersect(words[j]).Count();
                    score += inter / (double)Math.Max(1, words[i].Union(words[j]).Count());
                }
            }

            if (score > bestScore)
            {
                bestScore = score;
                best = i;
            }
        }

        return articles[best].Title;
    }
}
