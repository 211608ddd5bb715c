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
    private Generation _current = new();
    private Generation _previous = new();
    private int _currentCount;
    private int _documents;

    /// <summary>Stamps the entries one <see cref="Match"/> has weighed, so each is weighed once however many keys it shares.</summary>
    private int _visit;

    public double Threshold { get; } = threshold;

    /// <summary>Counts the headline's keys into the document frequencies; call once per item before matching.</summary>
    public void Observe(NormalizedHeadline headline)
    {
        _observed++;
        _documents++;
        var keys = headline.Keys;
        for (var i = 0; i < keys.Count; i++)
        {
            var k = keys[i];
            if (IndexOf(keys, k, i) >= 0)
            {
                continue;
            }

            _df[k] = _df.GetValueOrDefault(k) + 1;
            _current.Changed(k);
            _previous.Changed(k);
        }

        // Bounded vocabulary: frequencies are counted in epochs; the previous epoch still counts, older ones are gone.
        if (_df.Count > 4 * generationSize)
        {
            _previousDf = _df;
            _previousDocuments = _documents;
            _df = new Dictionary<string, int>(StringComparer.Ordinal);
            _documents = 0;
            _dfEpoch++;
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

        _visit++;
        var query = new Query(this, headline);
        HeadlineMatch? best = null;
        double bestScore = 0;
        // Entries are added in time order, so walking a list newest first can stop at the first entry older than the
        // window: what a related-post link matches is coverage of the last days, and a common word's list in a
        // months-long stream is otherwise long enough to make every lookup a scan.
        var oldest = time is { } t && Window > TimeSpan.Zero ? (t - Window).UtcTicks : long.MinValue;
        var probe = new List<string>(headline.Keys.Count + headline.BodyKeys.Count);
        AddProbeKeys(headline.Keys, probe);
        if (headline.HasPrefix)
        {
            AddProbeKeys(headline.BodyKeys, probe);
        }

        foreach (var key in probe)
        {
            foreach (var generation in (ReadOnlySpan<Generation>)[_current, _previous])
            {
                if (!generation.Ids.TryGetValue(key, out var id))
                {
                    continue;
                }

                var view = query.In(generation);
                var list = generation.Postings[id];
                // Newest first, within the window and at most MaxWalked per key.
                var stop = Math.Max(0, list.Count - MaxWalked);
                for (var i = list.Count - 1; i >= stop; i--)
                {
                    var e = list[i];
                    if (e.Ticks < oldest)
                    {
                        break;
                    }

                    if (e.Visit == _visit)
                    {
                        continue;
                    }

                    e.Visit = _visit;
                    var score = Score(query, view, generation, e);
                    if (score < Threshold || (best is not null && score <= bestScore))
                    {
                        continue;
                    }

                    var needed = SameSeries(headline, e.Headline) ? Math.Max(Threshold, SeriesThreshold) : Threshold;
                    if (score >= needed && !HeadlineNames.Conflict(names, e.Names))
                    {
                        best = new HeadlineMatch(e.Group, e.ArticleId, score);
                        bestScore = score;
                    }
                }
            }
        }

        return best;
    }

    /// <summary>
    /// Adds to <paramref name="probe"/> the keys whose postings can hold a match (prefix filtering, as in all-pairs
    /// similarity search): with keys taken rarest first, once the weight left in the rest is under threshold² of the
    /// whole, a headline sharing only keys from the rest cannot reach the threshold (its cosine is at most
    /// √(shared weight) / |query|), so their postings, the long lists of common words, are never walked. The matches
    /// found are exactly those of a full walk.
    /// </summary>
    private void AddProbeKeys(IReadOnlyList<string> keys, List<string> probe)
    {
        // A headline has a dozen keys or so: they are weighed and ranked in place (an insertion sort over stack
        // buffers) rather than by LINQ, which allocated five objects per match and was a fifth of matching's time.
        var n = keys.Count;
        Span<double> weights = n <= 64 ? stackalloc double[n] : new double[n];
        Span<int> order = n <= 64 ? stackalloc int[n] : new int[n];
        var distinct = 0;
        double total = 0;
        for (var i = 0; i < n; i++)
        {
            if (IndexOf(keys, keys[i], i) >= 0)
            {
                continue;
            }

            var idf = Idf(keys[i]);
            var w = idf * idf;
            total += w;
            // Heaviest first; equal weights keep key order.
            var j = distinct++;
            while (j > 0 && weights[j - 1] < w)
            {
                weights[j] = weights[j - 1];
                order[j] = order[j - 1];
                j--;
            }

            weights[j] = w;
            order[j] = i;
        }

        // A hair below the threshold, so rounding never drops a key a full walk would have needed.
        var enough = total * (Threshold * Threshold * 0.999);
        var rest = total;
        for (var r = 0; r < distinct; r++)
        {
            if (rest < enough)
            {
                break;
            }

            var key = keys[order[r]];
            if (IndexOf(probe, key, probe.Count) < 0)
            {
                probe.Add(key);
            }

            rest -= weights[r];
        }
    }

    /// <summary>The index of <paramref name="key"/> among the first <paramref name="count"/> keys, or -1.</summary>
    private static int IndexOf(IReadOnlyList<string> keys, string key, int count)
    {
        for (var k = 0; k < count; k++)
        {
            if (string.Equals(keys[k], key, StringComparison.Ordinal))
            {
                return k;
            }
        }

        return -1;
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
            // The previous generation's entries, postings and key numbers go at once: memory stays bounded.
            _previous = _current;
            _current = new Generation();
            _currentCount = 0;
        }

        _currentCount++;
        // An undated entry is never older than any window; a dated one keeps the newest time seen so far, so a list
        // stays in time order even when an item arrives a little out of order.
        if (time is { } at && at.UtcTicks > _newestTicks)
        {
            _newestTicks = at.UtcTicks;
        }

        var whole = _current.Intern(headline.Keys);
        var body = headline.HasPrefix ? _current.Intern(headline.BodyKeys) : whole;
        var entry = new Entry(headline, articleId, group, title is null ? null : HeadlineNames.Of(title), time is null ? long.MaxValue : _newestTicks, whole, body);
        foreach (var id in whole)
        {
            _current.Postings[id].Add(entry);
        }
    }

    /// <summary>
    /// <see cref="Similarity"/> of the query with an entry, on the generation's key numbers: the same cosines over
    /// sorted number arrays merged in one pass, with each key's weight computed once per observation. Matching weighs
    /// hundreds of candidates per item, and comparing strings pairwise made it the slowest step of a headline ingest.
    /// </summary>
    private double Score(Query query, QueryView view, Generation generation, Entry e)
    {
        if (SameSeries(query.Headline, e.Headline))
        {
            return Cosine(view.Body, query.BodyNorm, e.Body, generation);
        }

        var s = Cosine(view.Whole, query.WholeNorm, e.Whole, generation);
        if (query.Headline.HasPrefix)
        {
            s = Math.Max(s, Cosine(view.Body, query.BodyNorm, e.Whole, generation));
        }

        if (e.Headline.HasPrefix)
        {
            s = Math.Max(s, Cosine(view.Whole, query.WholeNorm, e.Body, generation));
        }

        return s;
    }

    private double Cosine(int[] query, double queryNorm, int[] candidate, Generation generation)
    {
        double dot = 0, norm = 0;
        var q = 0;
        foreach (var id in candidate)
        {
            var w = Weight(generation, id);
            norm += w;
            while (q < query.Length && query[q] < id)
            {
                q++;
            }

            if (q < query.Length && query[q] == id)
            {
                dot += w;
            }
        }

        return queryNorm == 0 || norm == 0 ? 0 : dot / Math.Sqrt(queryNorm * norm);
    }

    /// <summary>
    /// The squared IDF of a generation's key number, remembered until the next observation. The logarithm of the
    /// key's frequency is kept until the key is observed again, so most weights cost a subtraction: a match weighs
    /// the keys of hundreds of candidates, and two dictionary lookups and a logarithm each dominated it.
    /// </summary>
    private double Weight(Generation generation, int id)
    {
        if (generation.Stamps[id] != _observed)
        {
            if (generation.LogDfEpochs[id] != _dfEpoch)
            {
                var key = generation.Keys[id];
                generation.LogDf[id] = Math.Log(_df.GetValueOrDefault(key) + _previousDf.GetValueOrDefault(key) + 0.5);
                generation.LogDfEpochs[id] = _dfEpoch;
            }

            var w = Math.Max(0.1, LogDocuments() - generation.LogDf[id]);
            generation.Weights[id] = w * w;
            generation.Stamps[id] = _observed;
        }

        return generation.Weights[id];
    }

    /// <summary>The logarithm of the smoothed document count, once per observation.</summary>
    private double LogDocuments()
    {
        if (_logDocumentsStamp != _observed)
        {
            _logDocuments = Math.Log(_documents + _previousDocuments + PriorDocuments + 1.0);
            _logDocumentsStamp = _observed;
        }

        return _logDocuments;
    }

    private double _logDocuments;
    private long _logDocumentsStamp = -1;

    /// <summary>Counts the epochs of document frequencies; a new epoch makes every cached frequency stale.</summary>
    private long _dfEpoch;

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
            if (IndexOf(a, a[i], i) >= 0)
            {
                continue;
            }

            var w = Idf(a[i]);
            na += w * w;
            if (IndexOf(b, a[i], b.Count) >= 0)
            {
                dot += w * w;
            }
        }

        for (var j = 0; j < b.Count; j++)
        {
            if (IndexOf(b, b[j], j) < 0)
            {
                var w = Idf(b[j]);
                nb += w * w;
            }
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);

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
            // The same sum as Weight's, log N − log(df + ½), so a query and its candidates are weighed alike.
            w = Math.Max(0.1, LogDocuments() - Math.Log(_df.GetValueOrDefault(key) + _previousDf.GetValueOrDefault(key) + 0.5));
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

    private sealed class Entry(NormalizedHeadline headline, string articleId, string group, IReadOnlySet<string>? names, long ticks, int[] whole, int[] body)
    {
        public NormalizedHeadline Headline { get; } = headline;

        public string ArticleId { get; } = articleId;

        public string Group { get; } = group;

        public IReadOnlySet<string>? Names { get; } = names;

        public long Ticks { get; } = ticks;

        /// <summary>The distinct key numbers of the whole headline, ascending.</summary>
        public int[] Whole { get; } = whole;

        /// <summary>The distinct key numbers of the body after a prefix (the same array when there is no prefix).</summary>
        public int[] Body { get; } = body;

        /// <summary>The last <see cref="Match"/> that weighed this entry.</summary>
        public int Visit;
    }

    /// <summary>
    /// One generation of entries: its keys numbered in order of first use, each number's postings (entries in time
    /// order), and the number's weight cache. Numbers are per generation, so a dropped generation takes its keys with it.
    /// </summary>
    private sealed class Generation
    {
        public Dictionary<string, int> Ids { get; } = new(StringComparer.Ordinal);

        public List<string> Keys { get; } = [];

        public List<List<Entry>> Postings { get; } = [];

        public double[] Weights { get; private set; } = new double[64];

        public long[] Stamps { get; private set; } = NewStamps(64);

        /// <summary>log(df + ½) of each key number, valid while its entry in <see cref="LogDfEpochs"/> is the index's epoch.</summary>
        public double[] LogDf { get; private set; } = new double[64];

        public long[] LogDfEpochs { get; private set; } = NewStamps(64);

        /// <summary>A key was observed again: its cached frequency is stale.</summary>
        public void Changed(string key)
        {
            if (Ids.TryGetValue(key, out var id))
            {
                LogDfEpochs[id] = long.MinValue;
            }
        }

        /// <summary>The distinct numbers of <paramref name="keys"/>, ascending, numbering new keys.</summary>
        public int[] Intern(IReadOnlyList<string> keys)
        {
            var ids = new List<int>(keys.Count);
            foreach (var key in keys)
            {
                if (!Ids.TryGetValue(key, out var id))
                {
                    id = Keys.Count;
                    Ids[key] = id;
                    Keys.Add(key);
                    Postings.Add([]);
                    if (id >= Weights.Length)
                    {
                        var size = Weights.Length * 2;
                        var weights = Weights;
                        var stamps = Stamps;
                        var logDf = LogDf;
                        var epochs = LogDfEpochs;
                        Array.Resize(ref weights, size);
                        Array.Resize(ref stamps, size);
                        Array.Resize(ref logDf, size);
                        Array.Resize(ref epochs, size);
                        Array.Fill(stamps, long.MinValue, size / 2, size - size / 2);
                        Array.Fill(epochs, long.MinValue, size / 2, size - size / 2);
                        Weights = weights;
                        Stamps = stamps;
                        LogDf = logDf;
                        LogDfEpochs = epochs;
                    }
                }

                ids.Add(id);
            }

            return Sorted(ids);
        }

        /// <summary>The distinct numbers of those of <paramref name="keys"/> this generation knows, ascending.</summary>
        public int[] Known(IReadOnlyList<string> keys)
        {
            var ids = new List<int>(keys.Count);
            foreach (var key in keys)
            {
                if (Ids.TryGetValue(key, out var id))
                {
                    ids.Add(id);
                }
            }

            return Sorted(ids);
        }

        private static int[] Sorted(List<int> ids)
        {
            ids.Sort();
            var n = 0;
            for (var i = 0; i < ids.Count; i++)
            {
                if (n == 0 || ids[i] != ids[n - 1])
                {
                    ids[n++] = ids[i];
                }
            }

            return ids.GetRange(0, n).ToArray();
        }

        private static long[] NewStamps(int size)
        {
            var stamps = new long[size];
            Array.Fill(stamps, long.MinValue);
            return stamps;
        }
    }

    /// <summary>The query headline's squared norms (over all its distinct keys) and its key numbers per generation.</summary>
    private sealed class Query
    {
        private QueryView? _current;
        private QueryView? _previous;
        private readonly HeadlineIndex _index;

        public Query(HeadlineIndex index, NormalizedHeadline headline)
        {
            _index = index;
            Headline = headline;
            WholeNorm = Norm(index, headline.Keys);
            BodyNorm = headline.HasPrefix ? Norm(index, headline.BodyKeys) : WholeNorm;
        }

        public NormalizedHeadline Headline { get; }

        public double WholeNorm { get; }

        public double BodyNorm { get; }

        public QueryView In(Generation generation)
        {
            if (ReferenceEquals(generation, _index._current))
            {
                return _current ??= View(generation);
            }

            return _previous ??= View(generation);
        }

        private QueryView View(Generation generation)
        {
            var whole = generation.Known(Headline.Keys);
            return new QueryView(whole, Headline.HasPrefix ? generation.Known(Headline.BodyKeys) : whole);
        }

        private static double Norm(HeadlineIndex index, IReadOnlyList<string> keys)
        {
            double norm = 0;
            for (var i = 0; i < keys.Count; i++)
            {
                if (IndexOf(keys, keys[i], i) >= 0)
                {
                    continue;
                }

                var w = index.Idf(keys[i]);
                norm += w * w;
            }

            return norm;
        }
    }

    private sealed record QueryView(int[] Whole, int[] Body);
}
