namespace Herald.Text.Headlines;

/// <summary>A headline-only item matched to an earlier one: the group (story) it joined and the similarity.</summary>
public sealed record HeadlineMatch(string Group, string ArticleId, double Score);

/// <summary>
/// Groups items that carry only a headline (aggregator "related posts", feed entries without a body) by
/// normalised headline similarity: IDF-weighted cosine over word keys, with the keys before a leading colon
/// ("David Harsanyi:", "Face of Defense:") treated as a byline or series name rather than content.
/// Memory is bounded by keeping two generations of <paramref name="generationSize"/> headlines.
/// </summary>
public sealed class HeadlineIndex(double threshold = 0.4, int generationSize = 100_000)
{
    private Dictionary<string, int> _df = new(StringComparer.Ordinal);
    private Dictionary<string, int> _previousDf = new(StringComparer.Ordinal);
    private int _previousDocuments;
    private Dictionary<string, List<Entry>> _current = new(StringComparer.Ordinal);
    private Dictionary<string, List<Entry>> _previous = new(StringComparer.Ordinal);
    private int _currentCount;
    private int _documents;

    public double Threshold { get; } = threshold;

    /// <summary>Counts the headline's keys into the document frequencies; call once per item before matching.</summary>
    public void Observe(NormalizedHeadline headline)
    {
        _observed++;
        _documents++;
        foreach (var k in headline.Keys.Distinct(StringComparer.Ordinal))
        {
            _df[k] = _df.GetValueOrDefault(k) + 1;
        }

        // Bounded vocabulary: frequencies are counted in epochs; the previous epoch still counts, older ones are gone.
        if (_df.Count > 4 * generationSize)
        {
            _previousDf = _df;
            _previousDocuments = _documents;
            _df = new Dictionary<string, int>(StringComparer.Ordinal);
            _documents = 0;
        }
    }

    /// <summary>
    /// The best earlier headline at or above the threshold. Two items of one series ("On the Ground:", "Face of
    /// Defense:") share the series' vocabulary, so they must meet <see cref="SeriesThreshold"/>; and headlines whose
    /// subjects differ ("the UK" against "Trump" learning one lesson) are never matched (see <see cref="HeadlineNames"/>).
    /// </summary>
    public HeadlineMatch? Match(NormalizedHeadline headline, string? title = null, DateTimeOffset? time = null)
    {
        var names = title is null ? null : HeadlineNames.Of(title);
        if (headline.Keys.Count == 0)
        {
            return null;
        }

        var seen = new HashSet<Entry>(ReferenceEqualityComparer.Instance);
        var bound = new SimilarityBound(this, headline);
        HeadlineMatch? best = null;
        // Entries are added in time order, so walking a list newest first can stop at the first entry older than the
        // window: what a related-post link matches is coverage of the last days, and a common word's list in a
        // months-long stream is otherwise long enough to make every lookup a scan.
        var oldest = time is { } t && Window > TimeSpan.Zero ? (t - Window).UtcTicks : long.MinValue;
        var probe = ProbeKeys(headline.Keys);
        if (headline.HasPrefix)
        {
            probe.UnionWith(ProbeKeys(headline.BodyKeys));
        }

        foreach (var key in probe)
        {
            foreach (var postings in (ReadOnlySpan<Dictionary<string, List<Entry>>>)[_current, _previous])
            {
                if (!postings.TryGetValue(key, out var list))
                {
                    continue;
                }

                // Newest first, within the window and at most MaxWalked per key.
                var stop = Math.Max(0, list.Count - MaxWalked);
                for (var i = list.Count - 1; i >= stop; i--)
                {
                    var e = list[i];
                    if (e.Ticks < oldest)
                    {
                        break;
                    }

                    if (!seen.Add(e))
                    {
                        continue;
                    }

                    // Most candidates share one common word and nothing else: their bound rules them out with a few
                    // lookups, before the full similarity weighs every key of both headlines.
                    var most = bound.Of(e);
                    if (most < Threshold - BoundSlack || (best is not null && most < best.Score - BoundSlack))
                    {
                        continue;
                    }

                    var score = Similarity(headline, e.Headline);
                    var needed = SameSeries(headline, e.Headline) ? Math.Max(Threshold, SeriesThreshold) : Threshold;
                    if (score >= needed && (best is null || score > best.Score) && !HeadlineNames.Conflict(names, e.Names))
                    {
                        best = new HeadlineMatch(e.Group, e.ArticleId, score);
                    }
                }
            }
        }

        return best;
    }

    /// <summary>
    /// The keys whose postings can hold a match (prefix filtering, as in all-pairs similarity search): with keys taken
    /// rarest first, once the weight left in the rest is under threshold² of the whole, a headline sharing only keys
    /// from the rest cannot reach the threshold (its cosine is at most √(shared weight) / |query|), so their postings,
    /// the long lists of common words, are never walked. The matches found are exactly those of a full walk.
    /// </summary>
    private HashSet<string> ProbeKeys(IReadOnlyList<string> keys)
    {
        var weighted = keys.Distinct(StringComparer.Ordinal).Select(k => (Key: k, W: Idf(k) * Idf(k))).OrderByDescending(x => x.W).ToList();
        var total = weighted.Sum(x => x.W);
        // A hair below the threshold, so rounding never drops a key a full walk would have needed.
        var enough = total * (Threshold * Threshold * 0.999);
        var probe = new HashSet<string>(StringComparer.Ordinal);
        var rest = total;
        foreach (var (key, w) in weighted)
        {
            if (rest < enough)
            {
                break;
            }

            probe.Add(key);
            rest -= w;
        }

        return probe;
    }

    /// <summary>
    /// Adds a headline. <paramref name="time"/> is its publication (else first-seen) time; an entry is stamped with
    /// the newest time added so far, so each key's list stays in time order and <see cref="Match"/> can stop walking
    /// it at the first entry older than the window.
    /// </summary>
    public void Add(NormalizedHeadline headline, string articleId, string group, string? title = null, DateTimeOffset? time = null)
    {
        if (_currentCount >= generationSize)
        {
            _previous = _current;
            _current = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
            _currentCount = 0;
        }

        _currentCount++;
        // An undated entry is never older than any window; a dated one keeps the newest time seen so far, so a list
        // stays in time order even when an item arrives a little out of order.
        if (time is { } at && at.UtcTicks > _newestTicks)
        {
            _newestTicks = at.UtcTicks;
        }

        var entry = new Entry(headline, articleId, group, title is null ? null : HeadlineNames.Of(title), time is null ? long.MaxValue : _newestTicks);
        foreach (var key in headline.Keys.Distinct(StringComparer.Ordinal))
        {
            if (!_current.TryGetValue(key, out var list))
            {
                _current[key] = list = [];
            }

            list.Add(entry);
        }
    }

    /// <summary>
    /// Similarity of two normalised headlines. When both start with the same prefix it is a series name and only
    /// the rest counts; otherwise a prefix may be a byline, so the best of with and without it counts.
    /// </summary>
    public double Similarity(NormalizedHeadline a, NormalizedHeadline b)
    {
        if (a.HasPrefix && b.HasPrefix && a.PrefixKeys.SequenceEqual(b.PrefixKeys, StringComparer.Ordinal))
        {
            return Cosine(a.BodyKeys, b.BodyKeys);
        }

        var s = Cosine(a.Keys, b.Keys);
        if (a.HasPrefix)
        {
            s = Math.Max(s, Cosine(a.BodyKeys, b.Keys));
        }

        if (b.HasPrefix)
        {
            s = Math.Max(s, Cosine(a.Keys, b.BodyKeys));
        }

        return s;
    }

    private double Cosine(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        // Headlines have a dozen keys or so: comparing the distinct keys pairwise beats building two hash sets per pair.
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            if (Contains(a, a[i], i))
            {
                continue;
            }

            var w = Idf(a[i]);
            na += w * w;
            if (Contains(b, a[i], b.Count))
            {
                dot += w * w;
            }
        }

        for (var j = 0; j < b.Count; j++)
        {
            if (!Contains(b, b[j], j))
            {
                var w = Idf(b[j]);
                nb += w * w;
            }
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);

        // Whether key is among the first `count` items.
        static bool Contains(IReadOnlyList<string> list, string key, int count)
        {
            for (var k = 0; k < count; k++)
            {
                if (string.Equals(list[k], key, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Virtual headlines sharing no key, added to the count: with a handful of items (one story's links) every
    /// shared word would otherwise look common and weigh nothing.
    /// </summary>
    private const double PriorDocuments = 20;

    /// <summary>Smoothed IDF; a floor keeps tiny collections (one aggregator page) from zeroing shared words.</summary>
    private double Idf(string key)
    {
        // The weights only change when a headline is observed, and one match weighs the same candidate keys many
        // times over (two lookups and a logarithm each): they are remembered until the next observation.
        if (_idfStamp != _observed)
        {
            _idf.Clear();
            _idfStamp = _observed;
        }

        if (!_idf.TryGetValue(key, out var w))
        {
            w = Math.Max(0.1, Math.Log((_documents + _previousDocuments + PriorDocuments + 1.0)
                / (_df.GetValueOrDefault(key) + _previousDf.GetValueOrDefault(key) + 0.5)));
            _idf[key] = w;
        }

        return w;
    }

    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);
    private long _idfStamp = -1;
    private long _observed;

    private long _newestTicks = long.MinValue;

    /// <summary>
    /// How far back a headline-only item looks for its match when both are dated; zero for no limit. Stories idle
    /// longer than the clusterer's idle window are frozen and take no new members, so older entries rarely help.
    /// </summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Entries walked per key, newest first.</summary>
    public int MaxWalked { get; init; } = 2_000;

    /// <summary>Similarity two items of one series (same prefix) need: reposts of one item are near-identical.</summary>
    public double SeriesThreshold { get; init; } = 0.8;

    private static bool SameSeries(NormalizedHeadline a, NormalizedHeadline b) =>
        a.HasPrefix && b.HasPrefix && a.PrefixKeys.SequenceEqual(b.PrefixKeys, StringComparer.Ordinal);

    /// <summary>Room for rounding: a candidate whose bound is this close to what it must beat is weighed in full.</summary>
    private const double BoundSlack = 1e-9;

    private sealed record Entry(NormalizedHeadline Headline, string ArticleId, string Group, IReadOnlySet<string>? Names, long Ticks)
    {
        /// <summary>The distinct keys of the whole headline and of its body, for <see cref="SimilarityBound"/>.</summary>
        public string[] Union { get; } = Headline.Keys.Concat(Headline.BodyKeys).Distinct(StringComparer.Ordinal).ToArray();

        /// <summary>The hash codes of <see cref="Union"/>, so most keys are told apart without comparing strings.</summary>
        public int[] UnionHashes => _hashes ??= Array.ConvertAll(Union, k => k.GetHashCode(StringComparison.Ordinal));

        private int[]? _hashes;
    }

    /// <summary>
    /// An upper bound on <see cref="Similarity"/> of one query headline with any candidate, from the query's weights
    /// alone. For a query key set x and a candidate key set y, cosine = dot / √(|x|²·|y|²) and |y|² ≥ dot (the shared
    /// keys are y's too), so cosine ≤ √(dot / |x|²); and dot only grows when y is widened to all the candidate's keys.
    /// Every variant Similarity weighs (the whole query, or its body after a prefix) is bounded so, which makes
    /// skipping a candidate whose bound is under what it must beat exact: the matches are those of a full walk.
    /// A headline has a dozen keys or so, so the query is a few parallel arrays scanned by hash code.
    /// </summary>
    private readonly struct SimilarityBound
    {
        private readonly string[] _keys;
        private readonly int[] _hashes;
        private readonly double[] _weights;
        private readonly bool[] _body;
        private readonly double _whole;
        private readonly double _bodyTotal;
        private readonly bool _hasPrefix;

        /// <summary>The first this many keys are the whole headline's; the rest occur only in its body.</summary>
        private readonly int _wholeCount;

        public SimilarityBound(HeadlineIndex index, NormalizedHeadline headline)
        {
            _hasPrefix = headline.HasPrefix;
            var keys = new List<string>(headline.Keys.Count + headline.BodyKeys.Count);
            var body = new List<bool>(keys.Capacity);
            foreach (var k in headline.Keys)
            {
                if (!keys.Contains(k, StringComparer.Ordinal))
                {
                    keys.Add(k);
                    body.Add(false);
                }
            }

            _wholeCount = keys.Count;
            if (_hasPrefix)
            {
                foreach (var k in headline.BodyKeys)
                {
                    var i = keys.FindIndex(x => string.Equals(x, k, StringComparison.Ordinal));
                    if (i < 0)
                    {
                        keys.Add(k);
                        body.Add(true);
                    }
                    else
                    {
                        body[i] = true;
                    }
                }
            }

            _keys = [.. keys];
            _body = [.. body];
            _hashes = Array.ConvertAll(_keys, k => k.GetHashCode(StringComparison.Ordinal));
            _weights = new double[_keys.Length];
            for (var i = 0; i < _keys.Length; i++)
            {
                var w = index.Idf(_keys[i]);
                _weights[i] = w * w;
                if (i < _wholeCount)
                {
                    _whole += _weights[i];
                }

                if (_body[i])
                {
                    _bodyTotal += _weights[i];
                }
            }
        }

        public double Of(Entry candidate)
        {
            double whole = 0, body = 0;
            var keys = candidate.Union;
            var hashes = candidate.UnionHashes;
            for (var c = 0; c < hashes.Length; c++)
            {
                for (var q = 0; q < _hashes.Length; q++)
                {
                    if (_hashes[q] == hashes[c] && string.Equals(_keys[q], keys[c], StringComparison.Ordinal))
                    {
                        if (q < _wholeCount)
                        {
                            whole += _weights[q];
                        }

                        if (_body[q])
                        {
                            body += _weights[q];
                        }

                        break;
                    }
                }
            }

            var most = _whole > 0 ? Math.Sqrt(whole / _whole) : 0;
            return _hasPrefix && _bodyTotal > 0 ? Math.Max(most, Math.Sqrt(body / _bodyTotal)) : most;
        }
    }
}
