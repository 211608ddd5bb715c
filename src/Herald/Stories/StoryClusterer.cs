using Herald.Model;
using Herald.Pipeline;
using Herald.Text;
using Herald.Text.Headlines;

namespace Herald.Stories;

/// <summary>
/// Streaming single-pass story clustering (after Miranda et al. 2018): each article, in publication order, is
/// first checked for being a copy, then scored against the active stories that share one of its heaviest terms:
/// a blend of cosine similarity to the story centroid and to its closest kept member, halved per
/// <see cref="StoryClustererOptions.DecayHalfLifeDays"/> of time distance. Above the join threshold it joins the
/// best story, otherwise it starts a new one; grown stories that come close merge. Stories idle longer than the
/// window are frozen: summarised through <see cref="Frozen"/> and dropped from memory.
/// Story ids are derived from the founding article's id, so the same input gives the same ids.
/// </summary>
public sealed class StoryClusterer : IStoryClusterer
{
    private const int MaintenanceEvery = 2_000;

    private readonly StoryClustererOptions _options;
    private readonly StoryClustererOptions _shortOptions;
    private readonly ArticleFeatures _features;
    private readonly ICopyDetector? _copies;
    private readonly IPeopleTagger _people;
    private readonly HeadlineIndex _headlines;
    private readonly Dictionary<ulong, List<Story>> _postings = [];
    private readonly List<Story> _active = [];
    private readonly Dictionary<string, Story> _byId = new(StringComparer.Ordinal);
    private Dictionary<string, string> _articleStory = new(StringComparer.Ordinal);
    private Dictionary<string, string> _previousArticleStory = new(StringComparer.Ordinal);
    private readonly List<Story> _touched = [];
    private readonly Dictionary<ulong, float> _counts = new(256);
    private long _sequence;
    private DateTimeOffset? _clock;

    /// <summary>
    /// A clusterer over the host's people tagger (Annotate's) and, for one-pass use (`herald cluster`, evaluations),
    /// a copy detector (Dedup's) it asks first for each article. Without one, copies are found by the Dedup stage
    /// before stories and arrive as <see cref="Article.DuplicateOf"/>, as in the live pipeline. Hosts build it through
    /// one factory (Herald.Composition.StoryClustering) so every caller wires it the same way.
    /// </summary>
    public StoryClusterer(StoryClustererOptions? options, ICopyDetector? copies, IPeopleTagger people)
    {
        _options = options ?? new StoryClustererOptions();
        _shortOptions = _options.ForShortTexts();
        _features = new ArticleFeatures(_options.Features);
        _copies = copies;
        _people = people;
        _headlines = new HeadlineIndex(_options.HeadlineThreshold, _options.CopyGenerationSize) { Window = _options.HeadlineWindow };
    }

    /// <summary>Raised with each story's summary when it is frozen (idle past the window) or merged away.</summary>
    public event Action<StorySummary>? Frozen;

    /// <summary>Stories currently held in memory.</summary>
    public int ActiveStories => _active.Count;

    public StoryAssignment Assign(Article article)
    {
        _sequence++;
        var time = article.Published ?? article.FirstSeen;
        if (time is { } t && (_clock is null || t > _clock))
        {
            _clock = t;
        }

        var republished = RepublicationDetector.Estimate(article);
        var copyOf = _copies is { } detector ? detector.FindAndAdd(article)?.OriginalId : article.DuplicateOf;
        var vector = _features.Vectorize(_features.Counts(article, _counts));

        Story? story = null;
        if (copyOf is not null && StoryOfArticle(copyOf) is { } original && _byId.TryGetValue(original, out var s))
        {
            story = s;
        }

        // Every headline goes into the headline index, so a headline-only item (a related-post link) can join a
        // story known from full texts; headline-only items are placed by headline similarity alone, since a few
        // title words carry too little for the TF-IDF threshold set for full articles.
        var headline = article.Title.Length > 0 ? HeadlineNormalizer.Normalize(article.Title, article.Outlet) : null;
        var headlineOnly = article.Text.Length == 0;
        if (headline is not null)
        {
            _headlines.Observe(headline);
            if (story is null && headlineOnly && _headlines.Match(headline, article.Title, time) is { } hm && _byId.TryGetValue(hm.Group, out var hs))
            {
                story = hs;
            }
        }

        if (story is null && !headlineOnly)
        {
            story = BestStory(vector, time, out _);
        }

        story ??= NewStory(article);
        var lead = _options.UsesEntities && !headlineOnly ? StoryEntityTagger.Lead(article, _options.EntityLeadChars) : null;
        var dates = _options.DateConflictPenalty > 0 && !headlineOnly ? StoryDates.Keys(article, _options.DateLeadChars) : null;
        story.Add(article, vector, time, _sequence, _options.MembersKept, _options.RefineCap, copyOf, republished, lead, dates, _people);
        if (!headlineOnly)
        {
            Index(story, vector);
        }

        if (headline is not null)
        {
            _headlines.Add(headline, article.Id, story.Id, article.Title, time);
        }

        vector.ReleaseTopKeys();
        RememberArticle(article.Id, story.Id);
        if (story.Count is 4 or 8 or 16 or 32 or 64 or 128)
        {
            TryMerge(story);
        }

        if (_sequence % MaintenanceEvery == 0)
        {
            FreezeIdle();
        }

        // A merge above may have moved the article already (and said so through Moved): answer its story now.
        var final = _byId.TryGetValue(story.Id, out var holder) ? holder.Id : story.Id;
        return new StoryAssignment(final, copyOf, republished);
    }

    /// <summary>Summaries of the stories still in memory, biggest first.</summary>
    public IEnumerable<StorySummary> ActiveSummaries() =>
        _active.OrderByDescending(s => s.Count).Select(s => s.Summary());

    /// <summary>
    /// Raised for each article whose story changed after <see cref="Assign"/> returned: its story was split by
    /// refinement or merged into another. The live pipeline and `herald cluster` apply these over the first answer.
    /// </summary>
    public event Action<string, StoryAssignment>? Moved;

    /// <summary>
    /// End of input: refines every story still in memory (splitting those that hold two events, raising
    /// <see cref="Moved"/> for the articles that change story), then freezes them, raising <see cref="Frozen"/>.
    /// </summary>
    public void Flush()
    {
        foreach (var s in _active.ToList())
        {
            if (!s.IsFrozen)
            {
                Refine(s);
            }
        }

        Consolidate();
        foreach (var s in _active)
        {
            Frozen?.Invoke(s.Summary());
        }

        _active.Clear();
        _byId.Clear();
        _postings.Clear();
    }

    private Story? BestStory(SparseVector v, DateTimeOffset? time, out double bestScore)
    {
        bestScore = 0;
        Story? best = null;
        var threshold = v.Count < _options.ShortTerms ? _options.ShortJoinThreshold : _options.JoinThreshold;
        foreach (var story in Candidates(v))
        {
            // A candidate that cannot beat the best so far (or reach the threshold) even if one of its members were
            // identical to the article is not scored in full: the member comparisons are the costly part.
            var score = Score(story, v, time, bestScore, threshold);
            if (score > bestScore)
            {
                bestScore = score;
                best = story;
            }
        }

        return bestScore >= threshold ? best : null;
    }

    /// <summary>
    /// The settings for refining these members: the short-text ratios when they average fewer terms than
    /// <see cref="StoryClustererOptions.ShortTerms"/>.
    /// </summary>
    private StoryClustererOptions For(List<Story.Member> a, List<Story.Member>? b = null)
    {
        if (_options.ShortTerms <= 0)
        {
            return _options;
        }

        long terms = 0;
        foreach (var m in a)
        {
            terms += m.Vector.Count;
        }

        foreach (var m in b ?? [])
        {
            terms += m.Vector.Count;
        }

        return terms < (long)_options.ShortTerms * (a.Count + (b?.Count ?? 0)) ? _shortOptions : _options;
    }

    /// <summary>
    /// Stories sharing the article's heaviest terms, ranked by the summed weight of the shared terms; only the
    /// best <see cref="StoryClustererOptions.CandidatesScored"/> are scored in full. Terms indexed by very many
    /// stories are too common to tell stories apart and are skipped.
    /// </summary>
    private List<Story> Candidates(SparseVector v)
    {
        // Per-story scratch fields (stamped with the sequence number) instead of a dictionary: this loop walks
        // every posting of the article's heavy terms and is the clusterer's hottest path.
        _touched.Clear();
        var topKeys = v.TopKeys(_options.QueryTerms);
        foreach (var key in topKeys)
        {
            if (!_postings.TryGetValue(key, out var list) || list.Count > _options.MaxPostings)
            {
                continue;
            }

            var w = v.WeightOf(key);
            foreach (var story in list)
            {
                if (story.IsFrozen)
                {
                    continue;
                }

                if (story.ScratchStamp != _sequence)
                {
                    story.ScratchStamp = _sequence;
                    story.ScratchOverlap = 0;
                    _touched.Add(story);
                }

                story.ScratchOverlap += w;
            }
        }

        if (_touched.Count > _options.CandidatesScored)
        {
            _touched.Sort((a, b) => b.ScratchOverlap.CompareTo(a.ScratchOverlap));
            _touched.RemoveRange(_options.CandidatesScored, _touched.Count - _options.CandidatesScored);
        }

        return _touched;
    }

    /// <summary>
    /// The article's similarity to the story, or 0 when it can neither exceed <paramref name="bestSoFar"/> nor reach
    /// the join threshold (otherwise the full score, whatever its value): the factors and the centroid term are
    /// computed first, and the best member's cosine, at most 1, only when the bound they leave could still win.
    /// </summary>
    private double Score(Story story, SparseVector v, DateTimeOffset? time, double bestSoFar, double threshold)
    {
        var share = _options.CentroidShare;
        var factor = 1.0;
        if (story.YearsConflict(v))
        {
            factor *= _options.YearConflictFactor;
        }

        if (time is { } t && story.FirstSeen is { } first && story.LastSeen is { } last)
        {
            var gap = t < first ? first - t : t > last ? t - last : TimeSpan.Zero;
            factor *= Math.Pow(0.5, gap.TotalDays / _options.DecayHalfLifeDays);
        }

        var centroid = share * story.CentroidCosine(v);
        if (CannotWin((centroid + (1 - share)) * factor, bestSoFar, threshold))
        {
            return 0;
        }

        if (_options.NameConflictPenalty > 0)
        {
            factor *= 1 - (_options.NameConflictPenalty * story.NameConflict(v, _options.ConflictNames));
            if (CannotWin((centroid + (1 - share)) * factor, bestSoFar, threshold))
            {
                return 0;
            }
        }

        return (centroid + ((1 - share) * story.BestMemberCosine(v))) * factor;
    }

    private static bool CannotWin(double upperBound, double bestSoFar, double threshold) => upperBound <= bestSoFar || upperBound < threshold;

    private Story NewStory(Article article)
    {
        var id = StoryId(article.Id);
        var story = new Story(id);
        _active.Add(story);
        _byId[id] = story;
        return story;
    }

    private void Index(Story story, SparseVector v)
    {
        foreach (var key in v.TopKeys(_options.IndexTerms))
        {
            if (story.IndexedKeys.Add(key))
            {
                if (!_postings.TryGetValue(key, out var list))
                {
                    _postings[key] = list = [];
                }

                list.Add(story);
            }
        }
    }

    /// <summary>Merges <paramref name="story"/> with the closest other active story when their centroids meet the merge threshold.</summary>
    private void TryMerge(Story story)
    {
        var centroid = story.CentroidVector(_options.Features.MaxTerms);
        var seen = new HashSet<Story>(ReferenceEqualityComparer.Instance) { story };
        Story? best = null;
        double bestScore = _options.MergeThreshold;
        foreach (var key in centroid.TopKeys(_options.IndexTerms))
        {
            // A term in more stories than MaxPostings says nothing about which story is near (as in Candidates),
            // and walking its list for every story would make a big window quadratic in its stories.
            if (!_postings.TryGetValue(key, out var list) || list.Count > _options.MaxPostings)
            {
                continue;
            }

            foreach (var other in list)
            {
                if (other.IsFrozen || !seen.Add(other))
                {
                    continue;
                }

                var score = other.CentroidCosine(centroid);
                if (other.YearsConflict(centroid))
                {
                    score *= _options.YearConflictFactor;
                }

                if (_options.NameConflictPenalty > 0)
                {
                    score *= 1 - (_options.NameConflictPenalty * other.NameConflict(centroid, _options.ConflictNames));
                }

                if (score >= bestScore)
                {
                    bestScore = score;
                    best = other;
                }
            }
        }

        if (best is null)
        {
            return;
        }

        var (survivor, absorbed) = best.FoundedAt < story.FoundedAt ? (best, story) : (story, best);
        survivor.Absorb(absorbed, _options.MembersKept, _options.RefineCap);
        foreach (var key in absorbed.IndexedKeys)
        {
            if (survivor.IndexedKeys.Add(key))
            {
                _postings[key].Add(survivor);
            }
        }

        absorbed.IsFrozen = true;
        _byId[absorbed.Id] = survivor;
        _active.Remove(absorbed);
        ReportMoves(survivor);
    }

    /// <summary>
    /// Splits <paramref name="story"/> when its members form two groups that look like two events (see
    /// <see cref="StorySplitter"/>), recursively; the part holding the founding article keeps the id, each other part
    /// takes the id its own first article would have founded. Frozen parts leave memory with the story.
    /// </summary>
    private List<Story> Refine(Story story)
    {
        if (story.All is not { Count: >= 4 } members)
        {
            return [story];
        }

        var parts = StorySplitter.Split(members, For(members));
        if (parts.Count < 2)
        {
            return [story];
        }

        var result = new List<Story>(parts.Count);
        story.IsFrozen = true;
        _active.Remove(story);
        foreach (var part in parts)
        {
            var first = part[0];
            var id = part.Any(m => m.Sequence == story.FoundedAt) ? story.Id : StoryId(first.Id);
            var rebuilt = new Story(id);
            foreach (var m in part)
            {
                rebuilt.Add(m, _options.MembersKept, _options.RefineCap);
            }

            _active.Add(rebuilt);
            _byId[id] = rebuilt;
            foreach (var m in part)
            {
                Index(rebuilt, m.Vector);
            }

            ReportMoves(rebuilt);
            result.Add(rebuilt);
        }

        return result;
    }

    /// <summary>
    /// End-of-input merging of fragments: pairs of refinable stories that share heavy terms and whose cut would be
    /// rejected by the splitter with a margin (cohesion at least <see cref="StoryClustererOptions.FragmentRatio"/>)
    /// are merged, most cohesive first, a few rounds.
    /// </summary>
    private void Consolidate()
    {
        if (_options.FragmentRatio <= 0 && (_options.ShortTerms <= 0 || _options.ShortFragmentRatio <= 0))
        {
            return;
        }

        for (var round = 0; round < 4; round++)
        {
            var pairs = new List<(double Cohesion, Story A, Story B)>();
            foreach (var story in _active)
            {
                if (story.All is not { } mine)
                {
                    continue;
                }

                var seen = new HashSet<Story>(ReferenceEqualityComparer.Instance) { story };
                foreach (var key in story.CentroidVector(_options.Features.MaxTerms).TopKeys(_options.IndexTerms))
                {
                    // As in TryMerge: an over-common term links every story to every other, each pair a cohesion
                    // computation over both stories' members (the soak's 10,000 feeds never finished day 1 here).
                    if (!_postings.TryGetValue(key, out var list) || list.Count > _options.MaxPostings)
                    {
                        continue;
                    }

                    foreach (var other in list)
                    {
                        if (other.IsFrozen || other.All is not { } theirs || !seen.Add(other) || other.FoundedAt < story.FoundedAt)
                        {
                            continue;
                        }

                        var pair = For(mine, theirs);
                        if (pair.FragmentRatio <= 0)
                        {
                            continue;
                        }

                        var c = StorySplitter.Cohesion(mine, theirs, pair);
                        if (c >= pair.FragmentRatio)
                        {
                            pairs.Add((c, story, other));
                        }
                    }
                }
            }

            if (pairs.Count == 0)
            {
                return;
            }

            var used = new HashSet<Story>(ReferenceEqualityComparer.Instance);
            foreach (var (_, a, b) in pairs.OrderByDescending(p => p.Cohesion).ThenBy(p => p.A.FoundedAt).ThenBy(p => p.B.FoundedAt))
            {
                if (!used.Add(a) || !used.Add(b))
                {
                    continue;
                }

                var survivor = a.FoundedAt < b.FoundedAt ? a : b;
                var merged = new Story(survivor.Id);
                foreach (var m in a.All!.Concat(b.All!).OrderBy(m => m.Sequence))
                {
                    merged.Add(m, _options.MembersKept, _options.RefineCap);
                }

                a.IsFrozen = b.IsFrozen = true;
                _active.Remove(a);
                _active.Remove(b);
                _active.Add(merged);
                _byId[a.Id] = merged;
                _byId[b.Id] = merged;
                foreach (var m in merged.All ?? [])
                {
                    Index(merged, m.Vector);
                }

                ReportMoves(merged);
            }
        }
    }

    private void ReportMoves(Story story)
    {
        if (story.All is not { } members)
        {
            return;
        }

        foreach (var m in members)
        {
            if (!string.Equals(m.ReportedStory, story.Id, StringComparison.Ordinal))
            {
                m.ReportedStory = story.Id;
                RememberArticle(m.Id, story.Id);
                Moved?.Invoke(m.Id, new StoryAssignment(story.Id, m.DuplicateOf, m.Republished));
            }
        }
    }

    private static string StoryId(string articleId) =>
        "story-" + Fingerprints.Hash(articleId).ToString("x16", System.Globalization.CultureInfo.InvariantCulture)[..12];

    private void FreezeIdle()
    {
        var frozen = 0;
        var idle = _active.Where(s => _clock is { } now && s.LastSeen is { } last
            ? now - last > _options.IdleWindow
            : _sequence - s.LastSequence > _options.IdleArticles).ToList();
        foreach (var story in idle)
        {
            // A story is refined one last time as it leaves memory: its parts are frozen with it.
            foreach (var s in Refine(story))
            {
                s.IsFrozen = true;
                frozen++;
                Frozen?.Invoke(s.Summary());
            }
        }

        if (frozen == 0)
        {
            return;
        }

        _active.RemoveAll(s => s.IsFrozen);
        foreach (var id in _byId.Where(p => p.Value.IsFrozen).Select(p => p.Key).ToList())
        {
            _byId.Remove(id);
        }

        // Frozen stories are skipped on lookup; the lists are swept only now and then, since a sweep walks the index.
        if (_sequence % (MaintenanceEvery * 10) != 0)
        {
            return;
        }

        foreach (var key in _postings.Keys.ToList())
        {
            var list = _postings[key];
            list.RemoveAll(s => s.IsFrozen);
            if (list.Count == 0)
            {
                _postings.Remove(key);
            }
        }
    }

    private string? StoryOfArticle(string articleId) =>
        _articleStory.TryGetValue(articleId, out var s) ? s
        : _previousArticleStory.TryGetValue(articleId, out s) ? s
        : null;

    private void RememberArticle(string articleId, string storyId)
    {
        if (_articleStory.Count >= _options.CopyGenerationSize)
        {
            _previousArticleStory = _articleStory;
            _articleStory = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        _articleStory[articleId] = storyId;
    }
}
