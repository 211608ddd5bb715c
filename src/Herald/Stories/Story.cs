using Herald.Model;
using Herald.Pipeline;

namespace Herald.Stories;

/// <summary>
/// A live story inside <see cref="StoryClusterer"/>: the centroid (sum of member vectors), the last few members,
/// and what the summary needs. Mutable and private to the clusterer.
/// </summary>
internal sealed class Story(string id)
{
    private const int MaxOutlets = 256;
    private const int MaxCentroidTerms = 400;
    private const int MaxYears = 16;

    private readonly Dictionary<ulong, float> _centroid = [];
    private readonly List<Member> _members = [];
    private readonly HashSet<string> _outlets = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedDictionary<DateOnly, int> _timeline = [];
    private readonly HashSet<ulong> _years = [];
    private double _squaredNorm;
    private ulong[]? _coreNames;
    private float[]? _coreWeights;
    private Member? _representative;
    private double _representativeScore = double.NegativeInfinity;

    public string Id { get; } = id;
    public int Count { get; private set; }
    public long FoundedAt { get; private set; } = long.MaxValue;
    public long LastSequence { get; private set; }
    public DateTimeOffset? FirstSeen { get; private set; }
    public DateTimeOffset? LastSeen { get; private set; }
    public bool IsFrozen { get; set; }
    public HashSet<ulong> IndexedKeys { get; } = [];
    /// <summary>Scratch space of the clusterer's candidate search; valid when the stamp is the current sequence.</summary>
    public long ScratchStamp { get; set; }
    public float ScratchOverlap { get; set; }

    public void Add(Article article, SparseVector v, DateTimeOffset? time, long sequence, int membersKept, int refineCap,
        string? duplicateOf, DateTimeOffset? republished, string? lead = null, ulong[]? dates = null, IPeopleTagger? people = null) =>
        Add(new Member(article.Id, article.Title, article.Outlet ?? "", v, time, sequence, duplicateOf, republished, Id) { Lead = lead, People = people, Dates = dates }, membersKept, refineCap);

    /// <summary>Adds one member; all members are held (for refinement) while the story has at most <paramref name="refineCap"/>.</summary>
    public void Add(Member member, int membersKept, int refineCap)
    {
        Count++;
        FoundedAt = Math.Min(FoundedAt, member.Sequence);
        LastSequence = Math.Max(LastSequence, member.Sequence);
        if (member.Time is { } t)
        {
            FirstSeen = FirstSeen is null || t < FirstSeen ? t : FirstSeen;
            LastSeen = LastSeen is null || t > LastSeen ? t : LastSeen;
            var day = DateOnly.FromDateTime(t.UtcDateTime);
            _timeline[day] = _timeline.GetValueOrDefault(day) + 1;
        }

        if (!string.IsNullOrWhiteSpace(member.Outlet) && _outlets.Count < MaxOutlets)
        {
            _outlets.Add(member.Outlet.Trim());
        }

        AddToCentroid(member.Vector, 1f);
        AddYears(member.Vector);
        _members.Add(member);
        if (_members.Count > membersKept)
        {
            _members.RemoveAt(0);
        }

        if (All is { } all)
        {
            all.Add(member);
            if (all.Count > refineCap)
            {
                All = null;
            }
        }

        UpdateRepresentative();
    }

    /// <summary>
    /// Every member, in arrival order, while the story is small enough to be refined (split or re-assigned);
    /// null once it has outgrown the cap, after which its members stay where they are.
    /// </summary>
    public List<Member>? All { get; private set; } = [];

    public void Absorb(Story other, int membersKept, int refineCap)
    {
        Count += other.Count;
        FoundedAt = Math.Min(FoundedAt, other.FoundedAt);
        LastSequence = Math.Max(LastSequence, other.LastSequence);
        if (other.FirstSeen is { } f && (FirstSeen is null || f < FirstSeen))
        {
            FirstSeen = f;
        }

        if (other.LastSeen is { } l && (LastSeen is null || l > LastSeen))
        {
            LastSeen = l;
        }

        foreach (var (day, n) in other._timeline)
        {
            _timeline[day] = _timeline.GetValueOrDefault(day) + n;
        }

        foreach (var o in other._outlets)
        {
            if (_outlets.Count < MaxOutlets)
            {
                _outlets.Add(o);
            }
        }

        foreach (var (key, w) in other._centroid)
        {
            AddTerm(key, w);
        }

        foreach (var y in other._years)
        {
            if (_years.Count < MaxYears)
            {
                _years.Add(y);
            }
        }

        All = All is { } mine && other.All is { } others && mine.Count + others.Count <= refineCap
            ? [.. mine.Concat(others).OrderBy(m => m.Sequence)]
            : null;
        _members.AddRange(other._members);
        while (_members.Count > membersKept)
        {
            _members.RemoveAt(0);
        }

        if (other._representative is { } theirs && (_representative is null
            || CentroidCosine(theirs.Vector) > CentroidCosine(_representative.Vector)))
        {
            _representative = theirs;
        }

        UpdateRepresentative();
    }

    /// <summary>
    /// True when the article names years and the story does too, but none in common: two events of one kind a
    /// year or more apart (two fights of one boxer, two quakes in one region) share every word but the dates.
    /// </summary>
    public bool YearsConflict(SparseVector v)
    {
        if (_years.Count == 0)
        {
            return false;
        }

        var any = false;
        foreach (var key in v.Keys)
        {
            if (ArticleFeatures.IsYear(key))
            {
                if (_years.Contains(key))
                {
                    return false;
                }

                any = true;
            }
        }

        return any;
    }

    /// <summary>
    /// How far the article's names and the story's core names miss each other, 0..1: the smaller of (the share
    /// of the article's <paramref name="n"/> heaviest names' weight that is not among the story's 3n heaviest
    /// names) and (the share of the story's <paramref name="n"/> heaviest names' weight absent from the article).
    /// A new event of a known kind (a second Watergate death, a second Saints injury) shares the story's words
    /// and some of its names, but its own heaviest names (Fred LaRue against Mark Felt) are new to the story,
    /// while the story's core names do not occur in it.
    /// </summary>
    public double NameConflict(SparseVector v, int n)
    {
        EnsureCoreNames(3 * n);
        var core = _coreNames!;
        var weights = _coreWeights!;
        if (core.Length == 0)
        {
            return 0;
        }

        double storyTotal = 0, storyMissing = 0;
        for (var i = 0; i < Math.Min(n, core.Length); i++)
        {
            storyTotal += weights[i];
            if (v.WeightOf(core[i]) == 0)
            {
                storyMissing += weights[i];
            }
        }

        if (storyTotal <= 0 || storyMissing == 0)
        {
            return 0;
        }

        Span<ulong> topKeys = stackalloc ulong[n];
        Span<float> topValues = stackalloc float[n];
        var count = 0;
        for (var i = 0; i < v.Count; i++)
        {
            if (!ArticleFeatures.IsName(v.Keys[i]))
            {
                continue;
            }

            var w = v.Values[i];
            if (count < n)
            {
                topKeys[count] = v.Keys[i];
                topValues[count++] = w;
                continue;
            }

            var min = 0;
            for (var k = 1; k < n; k++)
            {
                if (topValues[k] < topValues[min])
                {
                    min = k;
                }
            }

            if (w > topValues[min])
            {
                topKeys[min] = v.Keys[i];
                topValues[min] = w;
            }
        }

        double articleTotal = 0, articleMissing = 0;
        for (var k = 0; k < count; k++)
        {
            articleTotal += topValues[k];
            if (Array.IndexOf(core, topKeys[k]) < 0)
            {
                articleMissing += topValues[k];
            }
        }

        return articleTotal <= 0 ? 0 : Math.Min(storyMissing / storyTotal, articleMissing / articleTotal);
    }

    private void EnsureCoreNames(int m)
    {
        if (_coreNames is not null)
        {
            return;
        }

        var names = new List<KeyValuePair<ulong, float>>();
        foreach (var p in _centroid)
        {
            if (ArticleFeatures.IsName(p.Key))
            {
                names.Add(p);
            }
        }

        names.Sort((a, b) => b.Value.CompareTo(a.Value));
        var take = Math.Min(m, names.Count);
        _coreNames = new ulong[take];
        _coreWeights = new float[take];
        for (var i = 0; i < take; i++)
        {
            _coreNames[i] = names[i].Key;
            _coreWeights[i] = names[i].Value;
        }
    }

    public double CentroidCosine(SparseVector v)
    {
        if (_squaredNorm <= 0)
        {
            return 0;
        }

        double dot = 0;
        for (var i = 0; i < v.Count; i++)
        {
            if (_centroid.TryGetValue(v.Keys[i], out var w))
            {
                dot += w * v.Values[i];
            }
        }

        return dot / Math.Sqrt(_squaredNorm);
    }

    public double BestMemberCosine(SparseVector v)
    {
        double best = 0;
        foreach (var m in _members)
        {
            best = Math.Max(best, m.Vector.Dot(v));
        }

        return best;
    }

    public SparseVector CentroidVector(int maxTerms) => SparseVector.From(_centroid, maxTerms);

    private void AddYears(SparseVector v)
    {
        foreach (var key in v.Keys)
        {
            if (ArticleFeatures.IsYear(key) && _years.Count < MaxYears)
            {
                _years.Add(key);
            }
        }
    }

    public StorySummary Summary() => new(
        Id,
        _representative?.Title ?? "",
        Count,
        [.. _outlets.Order(StringComparer.OrdinalIgnoreCase)],
        FirstSeen,
        LastSeen,
        [.. _timeline.Select(p => (p.Key, p.Value))]);

    private void AddToCentroid(SparseVector v, float scale)
    {
        for (var i = 0; i < v.Count; i++)
        {
            AddTerm(v.Keys[i], v.Values[i] * scale);
        }

        if (_centroid.Count > MaxCentroidTerms)
        {
            PruneCentroid();
        }
    }

    private void AddTerm(ulong key, float w)
    {
        _coreNames = null;
        var old = _centroid.GetValueOrDefault(key);
        var now = old + w;
        _centroid[key] = now;
        _squaredNorm += ((double)now * now) - ((double)old * old);
    }

    /// <summary>Keeps the heaviest half of the centroid's terms: bounded memory for long-running stories.</summary>
    private void PruneCentroid()
    {
        // A big story prunes every few articles: the weights are ranked in a pooled buffer, not by LINQ.
        var n = _centroid.Count;
        var keys = System.Buffers.ArrayPool<ulong>.Shared.Rent(n);
        var weights = System.Buffers.ArrayPool<float>.Shared.Rent(n);
        try
        {
            var i = 0;
            foreach (var (k, w) in _centroid)
            {
                keys[i] = k;
                weights[i++] = -w;
            }

            // Heaviest first. The table enumerates in insertion order, so equal weights are cut the same way every run.
            Array.Sort(weights, keys, 0, n);
            _centroid.Clear();
            _coreNames = null;
            _squaredNorm = 0;
            for (i = 0; i < Math.Min(n, MaxCentroidTerms / 2); i++)
            {
                var w = -weights[i];
                _centroid[keys[i]] = w;
                _squaredNorm += (double)w * w;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(keys);
            System.Buffers.ArrayPool<float>.Shared.Return(weights);
        }
    }

    /// <summary>
    /// The representative headline is the member closest to the centroid, not the first one: the first report of
    /// an event is often a short alert that later coverage outgrows. The sitting representative is re-scored
    /// against the moved centroid each time, so it stays the most central of those compared.
    /// </summary>
    private void UpdateRepresentative()
    {
        if (_representative is not null)
        {
            _representativeScore = CentroidCosine(_representative.Vector);
        }

        var newest = _members[^1];
        if (newest.Title.Length == 0)
        {
            return;
        }

        var score = CentroidCosine(newest.Vector);
        if (_representative is null || score > _representativeScore)
        {
            _representative = newest;
            _representativeScore = score;
        }
    }

    /// <summary>
    /// One article of the story: what refinement needs to move it (vector, time, arrival) and to report the move
    /// (its copy-of and republication findings, and the story it was last reported in).
    /// </summary>
    internal sealed record Member(string Id, string Title, string Outlet, SparseVector Vector, DateTimeOffset? Time,
        long Sequence, string? DuplicateOf, DateTimeOffset? Republished, string ReportedStory)
    {
        public string ReportedStory { get; set; } = ReportedStory;

        /// <summary>The headline and the first words of the body, kept for the person conflict; tagged on demand.</summary>
        public string? Lead { get; init; }

        /// <summary>Who reads the lead for people (the clusterer's tagger); required when <see cref="Lead"/> is set.</summary>
        public IPeopleTagger? People { get; init; }

        /// <summary>The weekdays and years the article's opening names (<see cref="StoryDates"/>), kept for the date conflict.</summary>
        public ulong[]? Dates { get; init; }

        /// <summary>The people the lead names, once a refinement decision needed them.</summary>
        public StoryEntities? Entities { get; set; }
    }
}
