namespace Herald.Stories;

/// <summary>One article of a re-clustered window: what the store holds for it and what the clusterer now says.</summary>
/// <param name="Order">Position in publication order within the window (earliest first).</param>
/// <param name="StoredStory">The story the store holds; null for an article stored since the last clustering.</param>
public sealed record WindowAssignment(
    string ArticleId, long Order,
    string? StoredStory, string? StoredDuplicateOf, DateTimeOffset? StoredRepublished,
    string NewStory, string? NewDuplicateOf, DateTimeOffset? NewRepublished);

/// <summary>What reconciling a window changes: assignments that differ from the store, ids that became aliases, and
/// the final id of each of the clusterer's stories.</summary>
public sealed record Reconciliation(
    IReadOnlyList<Pipeline.StoryAssignment> Changes,
    IReadOnlyList<(string Alias, string Story)> Aliases,
    IReadOnlyDictionary<string, string> FinalIds);

/// <summary>
/// Gives the clusterer's answer for a window the identities users already know, so a story id lives as long as its
/// story and a copy keeps its original whatever arrives later. Re-clustering a window is only a means to place the
/// articles that are new since the last run; what it says about articles already placed differs from run to run
/// with where the window starts (a streaming clusterer sees other centroids when earlier articles are cut off), so
/// it is taken only where new articles give new evidence:
/// <list type="bullet">
/// <item>an article already placed keeps its story (each article is assigned once);</item>
/// <item>a new article takes the story of the stored articles the clusterer grouped it with; a cluster of new
/// articles only is a new story, under the clusterer's own id unless that id is taken;</item>
/// <item>when new articles join members of several stored stories, those stories merge: the oldest id lives and
/// the others become its aliases (their members everywhere follow);</item>
/// <item>a stored copy keeps its original; an article found to be a copy of another joins its original's story;</item>
/// <item>only assignments that differ from the store are returned.</item>
/// </list>
/// It is pure, so the rules are tested without a store.
/// </summary>
public static class StoryReconciler
{
    /// <param name="window">The window's articles in publication order.</param>
    /// <param name="storyStarts">When each stored story began (its earliest member anywhere in the store), to tell older from newer.</param>
    /// <param name="taken">Ids a new story must not take: stories and aliases that exist outside the window.</param>
    /// <param name="storedOriginalStory">The stored story of an original outside the window, for copies of it.</param>
    public static Reconciliation Reconcile(
        IReadOnlyList<WindowAssignment> window,
        IReadOnlyDictionary<string, DateTimeOffset> storyStarts,
        Func<string, bool> taken,
        Func<string, string?> storedOriginalStory)
    {
        // Per cluster: its earliest member, whether it holds new articles, and its stored stories with member counts.
        var firstOrder = new Dictionary<string, long>(StringComparer.Ordinal);
        var hasNew = new HashSet<string>(StringComparer.Ordinal);
        var stored = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var storedFirst = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var a in window)
        {
            firstOrder.TryAdd(a.NewStory, a.Order);
            if (a.StoredStory is not { } s)
            {
                hasNew.Add(a.NewStory);
                continue;
            }

            storedFirst.TryAdd(s, a.Order);
            if (!stored.TryGetValue(a.NewStory, out var counts))
            {
                stored[a.NewStory] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            counts[s] = counts.GetValueOrDefault(s) + 1;
        }

        // Merges: the stored stories that one cluster with new articles joins become one, under the oldest id.
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Root(string id)
        {
            while (parent.TryGetValue(id, out var p) && !string.Equals(p, id, StringComparison.Ordinal))
            {
                id = p;
            }

            return id;
        }

        (DateTimeOffset, long, string) Age(string id) =>
            (storyStarts.TryGetValue(id, out var t) ? t : DateTimeOffset.MaxValue, storedFirst.GetValueOrDefault(id, long.MaxValue), id);

        foreach (var cluster in hasNew)
        {
            if (!stored.TryGetValue(cluster, out var counts) || counts.Count < 2)
            {
                continue;
            }

            var roots = counts.Keys.Select(Root).Distinct(StringComparer.Ordinal).OrderBy(Age).ToList();
            foreach (var r in roots.Skip(1))
            {
                parent[r] = roots[0];
            }
        }

        var aliases = parent.Keys.Select(id => (id, Root(id))).Where(p => !string.Equals(p.id, p.Item2, StringComparison.Ordinal)).ToList();

        // Each cluster's id: the (merged) stored story most of its stored members hold, or a new id.
        var finalIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(storedFirst.Keys, StringComparer.Ordinal);
        foreach (var cluster in firstOrder.OrderBy(f => f.Value).Select(f => f.Key))
        {
            if (stored.TryGetValue(cluster, out var counts))
            {
                finalIds[cluster] = counts
                    .GroupBy(c => Root(c.Key), StringComparer.Ordinal)
                    .Select(g => (Id: g.Key, Count: g.Sum(c => c.Value)))
                    .OrderByDescending(g => g.Count).ThenBy(g => Age(g.Id)).First().Id;
                continue;
            }

            var id = cluster;
            for (var n = 2; used.Contains(id) || taken(id); n++)
            {
                id = cluster + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            used.Add(id);
            finalIds[cluster] = id;
        }

        var finalStory = new Dictionary<string, string>(window.Count, StringComparer.Ordinal);
        foreach (var a in window)
        {
            finalStory[a.ArticleId] = a.StoredStory is { } s ? Root(s) : finalIds[a.NewStory];
        }

        var changes = new List<Pipeline.StoryAssignment>();
        foreach (var a in window)
        {
            var dup = a.StoredDuplicateOf ?? a.NewDuplicateOf;
            var story = finalStory[a.ArticleId];
            if (dup is not null && !string.Equals(dup, a.StoredDuplicateOf, StringComparison.Ordinal) || a.StoredStory is null && dup is not null)
            {
                // A newly found copy sits in its original's story.
                if (finalStory.TryGetValue(dup!, out var originalStory))
                {
                    story = originalStory;
                }
                else if (storedOriginalStory(dup!) is { } outside)
                {
                    story = Root(outside);
                }
            }

            var republished = a.StoredStory is null ? a.NewRepublished : a.StoredRepublished ?? a.NewRepublished;
            if (!string.Equals(story, a.StoredStory, StringComparison.Ordinal)
                || !string.Equals(dup, a.StoredDuplicateOf, StringComparison.Ordinal)
                || republished != a.StoredRepublished)
            {
                changes.Add(new Pipeline.StoryAssignment(a.ArticleId, story, dup, republished));
            }
        }

        return new Reconciliation(changes, aliases, finalIds);
    }
}
