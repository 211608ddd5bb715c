namespace Herald.Stories;

/// <summary>
/// Refinement of a grown story: streaming assignment cannot take an article back, so the first article of a second
/// event of the same kind (a second Watergate death, a second Saints injury) that joins on shared vocabulary pulls
/// the whole second event after it. Looking at all members at once, the two events form two groups that are close
/// within and far apart, and differ in names and years; the story is then cut in two, and each part again.
/// </summary>
internal static class StorySplitter
{
    private const int Seeds = 4;
    private const int Iterations = 8;

    /// <summary>The members in one part (no split) or several, each in arrival order.</summary>
    public static List<List<Story.Member>> Split(List<Story.Member> members, StoryClustererOptions options)
    {
        var result = new List<List<Story.Member>>();
        SplitInto(members, options, result, depth: 0);
        return result;
    }

    private static void SplitInto(List<Story.Member> members, StoryClustererOptions options, List<List<Story.Member>> result, int depth)
    {
        if (depth < 3 && members.Count >= 2 * options.SplitMinGroup && BestCut(members, options) is { } side)
        {
            var a = new List<Story.Member>();
            var b = new List<Story.Member>();
            for (var i = 0; i < members.Count; i++)
            {
                (side[i] ? b : a).Add(members[i]);
            }

            SplitInto(a, options, result, depth + 1);
            SplitInto(b, options, result, depth + 1);
            return;
        }

        result.Add(members);
    }

    /// <summary>
    /// Two-way cut by average-link 2-medoids: seeded with the most central member against each of the few members
    /// least like it, members go to the group they are on average most similar to. The cut with the lowest
    /// between/within similarity ratio wins, and is accepted when that ratio (after the conflict factors) is below
    /// <see cref="StoryClustererOptions.SplitRatio"/>.
    /// </summary>
    internal static bool[]? BestCut(List<Story.Member> members, StoryClustererOptions options) =>
        BestCut(members, options, out var ratio) is { } side && ratio < options.SplitRatio ? side : null;

    internal static bool[]? BestCut(List<Story.Member> members, StoryClustererOptions options, out double bestRatio)
    {
        var n = members.Count;
        var sim = new double[n, n];
        var centrality = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var d = members[i].Vector.Dot(members[j].Vector);
                sim[i, j] = sim[j, i] = d;
                centrality[i] += d;
                centrality[j] += d;
            }
        }

        var center = 0;
        for (var i = 1; i < n; i++)
        {
            if (centrality[i] > centrality[center])
            {
                center = i;
            }
        }

        var far = Enumerable.Range(0, n).Where(i => i != center).OrderBy(i => sim[center, i]).ThenBy(i => i).Take(Seeds).ToList();
        bool[]? best = null;
        bestRatio = double.MaxValue;
        foreach (var seed in far)
        {
            var side = new bool[n];
            for (var i = 0; i < n; i++)
            {
                side[i] = i == seed || (i != center && sim[i, seed] > sim[i, center]);
            }

            for (var it = 0; it < Iterations; it++)
            {
                var changed = false;
                for (var i = 0; i < n; i++)
                {
                    double sa = 0, sb = 0;
                    int na = 0, nb = 0;
                    for (var j = 0; j < n; j++)
                    {
                        if (j == i)
                        {
                            continue;
                        }

                        if (side[j])
                        {
                            sb += sim[i, j];
                            nb++;
                        }
                        else
                        {
                            sa += sim[i, j];
                            na++;
                        }
                    }

                    var toB = nb > 0 && (na == 0 || sb / nb > sa / na);
                    if (toB != side[i])
                    {
                        side[i] = toB;
                        changed = true;
                    }
                }

                if (!changed)
                {
                    break;
                }
            }

            var ratio = Ratio(members, sim, side, options, withConflicts: false);
            if (ratio < bestRatio)
            {
                bestRatio = ratio;
                best = side;
            }
        }

        // The conflict factors (which build two scratch stories) are applied to the best cut only.
        if (best is not null)
        {
            bestRatio = Ratio(members, sim, best, options, withConflicts: true);
        }

        return best;
    }

    /// <summary>
    /// How well two stories hold together as one: the ratio of the cut between them. Fragments of one event (a
    /// story started by an article that missed the threshold) score like the halves of a story that should not
    /// be split. Two single articles have no within-similarity; they are left to the streaming threshold.
    /// </summary>
    internal static double Cohesion(List<Story.Member> a, List<Story.Member> b, StoryClustererOptions options)
    {
        if (a.Count + b.Count < 3)
        {
            return 0;
        }

        var members = new List<Story.Member>(a.Count + b.Count);
        members.AddRange(a);
        members.AddRange(b);
        var side = new bool[members.Count];
        for (var i = a.Count; i < side.Length; i++)
        {
            side[i] = true;
        }

        var ratio = Ratio(members, side, options with { SplitMinGroup = 1 });
        if (ratio == double.MaxValue)
        {
            return 0;
        }

        var bonus = options.FragmentAgreementBonus;
        if (options.UsesEntities && bonus > 0 && ratio < options.FragmentRatio && ratio * (1 + bonus) >= options.FragmentRatio)
        {
            Tag(members);
            ratio *= 1 + (bonus * Agreement(members, side, options.DominantShare));
        }

        return ratio;
    }

    /// <summary>Mean similarity between the groups, after the conflict factors, over the mean within them.</summary>
    internal static double Ratio(List<Story.Member> members, bool[] side, StoryClustererOptions options)
    {
        var n = members.Count;
        var sim = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                sim[i, j] = members[i].Vector.Dot(members[j].Vector);
            }
        }

        return Ratio(members, sim, side, options);
    }

    private static double Ratio(List<Story.Member> members, double[,] sim, bool[] side, StoryClustererOptions options, bool withConflicts = true)
    {
        var n = members.Count;
        var nb = side.Count(x => x);
        var na = n - nb;
        if (na < options.SplitMinGroup || nb < options.SplitMinGroup)
        {
            return double.MaxValue;
        }

        double within = 0, between = 0;
        long pairsWithin = 0, pairsBetween = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (side[i] == side[j])
                {
                    within += sim[i, j];
                    pairsWithin++;
                }
                else
                {
                    between += sim[i, j];
                    pairsBetween++;
                }
            }
        }

        if (pairsWithin == 0 || within <= 0)
        {
            return double.MaxValue;
        }

        if (!withConflicts)
        {
            return between / pairsBetween / (within / pairsWithin);
        }

        var a = new Story("a");
        var b = new Story("b");
        for (var i = 0; i < n; i++)
        {
            (side[i] ? b : a).Add(members[i], 1, 0);
        }

        var other = b.CentroidVector(100);
        var factor = 1.0;
        if (a.YearsConflict(other))
        {
            factor *= options.YearConflictFactor;
        }

        factor *= 1 - (options.NameConflictPenalty * a.NameConflict(other, options.ConflictNames));
        // A cut already below the split ratio is split, and two fragments that low are not merged even with the
        // agreement bonus, whatever their dates say: the dates are read only where they can change the outcome.
        var dateGate = Math.Min(options.SplitRatio, options.FragmentRatio / (1 + options.FragmentAgreementBonus));
        if (options.DateConflictPenalty > 0 && between / pairsBetween * factor / (within / pairsWithin) >= dateGate)
        {
            // Most stories name no year in any opening: no conflict is possible, and nothing is counted.
            if (members.Exists(m => m.Dates is { Length: > 0 } d && d.Any(StoryDates.IsYear)))
            {
                factor *= 1 - (options.DateConflictPenalty * KeyConflict(members, side, m => m.Dates, options.DateShare, StoryDates.IsYear));
            }
        }

        var ratio = between / pairsBetween * factor / (within / pairsWithin);
        // Tagging is the costly part: only cuts the vocabulary leaves undecided (at least the split ratio, so not
        // split anyway, or the fragment ratio, so merged as fragments, and below the gate) are judged by their
        // entities too. Short texts merge fragments below their split ratio: Reggie Bush's and Pierre Thomas's
        // injuries, cut apart, met again at the end of input without their people compared.
        if (options.UsesEntities && ratio >= Math.Min(options.SplitRatio, options.FragmentRatio) && ratio < options.EntityGate)
        {
            ratio *= EntityFactor(members, side, options);
        }

        return ratio;
    }

    /// <summary>
    /// (1 − penalty × conflict), where the conflict is how far each group's own people (named by at least
    /// <see cref="StoryClustererOptions.DominantShare"/> of its members' leads) are missing from the other group,
    /// the smaller of the two: two Chargers arrested for drink-driving (Jackson, Williams), two Saints on injured
    /// reserve (Reggie Bush, Pierre Thomas). Members are tagged on first need.
    /// </summary>
    internal static double EntityFactor(List<Story.Member> members, bool[] side, StoryClustererOptions options)
    {
        Tag(members);
        return 1 - (options.PersonConflictPenalty * KeyConflict(members, side, m => m.Entities?.People, options.DominantShare));
    }

    private static void Tag(List<Story.Member> members)
    {
        foreach (var m in members)
        {
            if (m.Entities is null && m.Lead is not null)
            {
                m.Entities = StoryEntityTagger.Tag(m.People ?? throw new InvalidOperationException("a story member with a lead needs a people tagger"), m.Lead);
            }
        }
    }

    /// <summary>How far the two groups name the same people: for each, the share of its own people the other names too; the smaller.</summary>
    private static double Agreement(List<Story.Member> members, bool[] side, double share)
    {
        var (counts, sizes) = CountKeys(members, side, m => m.Entities?.People);
        return Math.Min(Shared(counts[0], sizes[0], counts[1], sizes[1], share), Shared(counts[1], sizes[1], counts[0], sizes[0], share));
    }

    /// <summary>How many members of each side name each key, and how many members of each side had keys read.</summary>
    private static (Dictionary<ulong, int>[] Counts, int[] Sizes) CountKeys(List<Story.Member> members, bool[] side, Func<Story.Member, ulong[]?> keys)
    {
        var counts = new[] { new Dictionary<ulong, int>(), new Dictionary<ulong, int>() };
        var sizes = new int[2];
        for (var i = 0; i < members.Count; i++)
        {
            if (keys(members[i]) is not { } own)
            {
                continue;
            }

            var s = side[i] ? 1 : 0;
            sizes[s]++;
            foreach (var k in own)
            {
                counts[s][k] = counts[s].GetValueOrDefault(k) + 1;
            }
        }

        return (counts, sizes);
    }

    private static double Shared(Dictionary<ulong, int> own, int ownSize, Dictionary<ulong, int> other, int otherSize, double share)
    {
        if (ownSize == 0 || otherSize == 0)
        {
            return 0;
        }

        double total = 0, shared = 0;
        foreach (var (key, count) in own)
        {
            var f = (double)count / ownSize;
            if (count < Math.Min(2, ownSize) || f < share)
            {
                continue;
            }

            total += f;
            shared += Math.Min(f, (double)other.GetValueOrDefault(key) / otherSize);
        }

        return total == 0 ? 0 : shared / total;
    }

    /// <summary>
    /// How far each group's own keys (people, dates) are missing from the other group, the smaller of the two.
    /// Members without keys read (untagged) do not count. With <paramref name="decisive"/>, the conflict counts only
    /// when one group's own decisive key (a year) is named by the other less than half as often: weekdays alone
    /// differ between the days of one event's coverage.
    /// </summary>
    private static double KeyConflict(List<Story.Member> members, bool[] side, Func<Story.Member, ulong[]?> keys, double share,
        Func<ulong, bool>? decisive = null)
    {
        var (counts, sizes) = CountKeys(members, side, keys);
        var decided = decisive is null;
        var conflict = Math.Min(Missing(counts[0], sizes[0], counts[1], sizes[1], share, decisive, ref decided),
            Missing(counts[1], sizes[1], counts[0], sizes[0], share, decisive, ref decided));
        return decided ? conflict : 0;
    }

    /// <summary>Weighted share of the group's own keys (those at least <paramref name="share"/> of it names) the other group lacks.</summary>
    private static double Missing(Dictionary<ulong, int> own, int ownSize, Dictionary<ulong, int> other, int otherSize, double share,
        Func<ulong, bool>? decisive, ref bool decided)
    {
        if (ownSize == 0 || otherSize == 0)
        {
            return 0;
        }

        double total = 0, missing = 0;
        foreach (var (key, count) in own)
        {
            var f = (double)count / ownSize;
            if (count < 2 || f < share)
            {
                continue;
            }

            total += f;
            var g = (double)other.GetValueOrDefault(key) / otherSize;
            missing += Math.Max(0, f - g);
            decided |= decisive is not null && g < f / 2 && decisive(key);
        }

        return total == 0 ? 0 : missing / total;
    }
}
