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
/// story and a copy keeps its original whatever arrives later. A re-run over a window says two kinds of things: where
/// the new articles go, and how the stories they touch now look (refinement may split or merge them once more
/// coverage is in). What it says about other stories differs from run to run only because the window starts
/// elsewhere (a streaming clusterer sees other term statistics when earlier articles are cut off), so it is ignored:
/// <list type="bullet">
/// <item>a stored story is <em>mobile</em> when new articles were grouped with its members and all of its members
/// are in the window; its members follow the re-run. Every other stored story keeps its members where they are;</item>
/// <item>each mobile story's heir is the cluster holding most of its members (a split keeps the id for the larger
/// part); a cluster that is heir to several takes the oldest id and the others become its aliases (a merge keeps
/// the older id, and every old id still resolves);</item>
/// <item>a cluster heir to none joins the stored story most of its members already belong to, or, when it holds only
/// new articles (and parts split off), becomes a new story under the clusterer's id unless that id is taken;</item>
/// <item>a stored copy keeps its original; an article found to be a copy of another joins its original's story;</item>
/// <item>only assignments that differ from the store are returned.</item>
/// </list>
/// It is pure, so the rules are tested without a store.
/// </summary>
public static class StoryReconciler
{
    /// <param name="window">The window's articles in publication order.</param>
    /// <param name="stories">Each stored story's start (its earliest member anywhere in the store, to tell older from
    /// newer) and its member count in the whole store (to tell whether the window holds all of it).</param>
    /// <param name="taken">Ids a new story must not take: stories and aliases that exist outside the window.</param>
    /// <param name="storedOriginalStory">The stored story of an original outside the window, for copies of it.</param>
    public static Reconciliation Reconcile(
        IReadOnlyList<WindowAssignment> window,
        IReadOnlyDictionary<string, (DateTimeOffset Start, int Members)> stories,
        Func<string, bool> taken,
        Func<string, string?> storedOriginalStory)
    {
        // Per cluster: its earliest member, whether it holds new articles, and its stored stories with member counts.
        var firstOrder = new Dictionary<string, long>(StringComparer.Ordinal);
        var hasNew = new HashSet<string>(StringComparer.Ordinal);
        var stored = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var storedFirst = new Dictionary<string, long>(StringComparer.Ordinal);
        var inWindow = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in window)
        {
            firstOrder.TryAdd(a.NewStory, a.Order);
            if (a.StoredStory is not { } s)
            {
                hasNew.Add(a.NewStory);
                continue;
            }

            storedFirst.TryAdd(s, a.Order);
            inWindow[s] = inWindow.GetValueOrDefault(s) + 1;
            if (!stored.TryGetValue(a.NewStory, out var counts))
            {
                stored[a.NewStory] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            counts[s] = counts.GetValueOrDefault(s) + 1;
        }

        (DateTimeOffset, long, string) Age(string id) =>
            (stories.TryGetValue(id, out var f) ? f.Start : DateTimeOffset.MaxValue, storedFirst.GetValueOrDefault(id, long.MaxValue), id);

        var mobile = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in hasNew)
        {
            foreach (var s in stored.GetValueOrDefault(cluster)?.Keys ?? Enumerable.Empty<string>())
            {
                if (!stories.TryGetValue(s, out var f) || f.Members <= inWindow[s])
                {
                    mobile.Add(s);
                }
            }
        }

        // Heirs of the mobile stories.
        var heirOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var s in mobile)
        {
            var heir = stored.Where(c => c.Value.ContainsKey(s))
                .OrderByDescending(c => c.Value[s]).ThenBy(c => firstOrder[c.Key]).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key;
            if (!heirOf.TryGetValue(heir, out var list))
            {
                heirOf[heir] = list = [];
            }

            list.Add(s);
        }

        var finalIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var aliases = new List<(string, string)>();
        var used = new HashSet<string>(storedFirst.Keys, StringComparer.Ordinal);
        foreach (var cluster in firstOrder.OrderBy(f => f.Value).Select(f => f.Key))
        {
            if (heirOf.TryGetValue(cluster, out var heirs))
            {
                var ordered = heirs.OrderBy(Age).ToList();
                finalIds[cluster] = ordered[0];
                aliases.AddRange(ordered.Skip(1).Select(other => (other, ordered[0])));
                continue;
            }

            if (stored.TryGetValue(cluster, out var counts) && counts.Keys.Where(s => !mobile.Contains(s)).ToList() is { Count: > 0 } staying)
            {
                finalIds[cluster] = staying.OrderByDescending(s => counts[s]).ThenBy(Age).First();
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

        var aliasOf = aliases.ToDictionary(a => a.Item1, a => a.Item2, StringComparer.Ordinal);
        var finalStory = new Dictionary<string, string>(window.Count, StringComparer.Ordinal);
        foreach (var a in window)
        {
            finalStory[a.ArticleId] = a.StoredStory is { } s && !mobile.Contains(s) ? s : finalIds[a.NewStory];
        }

        var changes = new List<Pipeline.StoryAssignment>();
        foreach (var a in window)
        {
            var dup = a.StoredDuplicateOf ?? a.NewDuplicateOf;
            var story = finalStory[a.ArticleId];
            if (dup is not null && (a.StoredStory is null || a.StoredDuplicateOf is null || (a.StoredStory is { } mine && mobile.Contains(mine))))
            {
                // A copy sits in its original's story.
                if (finalStory.TryGetValue(dup, out var originalStory))
                {
                    story = originalStory;
                }
                else if (storedOriginalStory(dup) is { } outside)
                {
                    story = aliasOf.GetValueOrDefault(outside, outside);
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
