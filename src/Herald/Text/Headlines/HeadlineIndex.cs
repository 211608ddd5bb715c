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
    public HeadlineMatch? Match(NormalizedHeadline headline, string? title = null)
    {
        var names = title is null ? null : HeadlineNames.Of(title);
        if (headline.Keys.Count == 0)
        {
            return null;
        }

        var seen = new HashSet<Entry>(ReferenceEqualityComparer.Instance);
        HeadlineMatch? best = null;
        foreach (var key in headline.Keys)
        {
            foreach (var postings in (ReadOnlySpan<Dictionary<string, List<Entry>>>)[_current, _previous])
            {
                if (!postings.TryGetValue(key, out var list))
                {
                    continue;
                }

                foreach (var e in list)
                {
                    if (!seen.Add(e))
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

    public void Add(NormalizedHeadline headline, string articleId, string group, string? title = null)
    {
        if (_currentCount >= generationSize)
        {
            _previous = _current;
            _current = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
            _currentCount = 0;
        }

        _currentCount++;
        var entry = new Entry(headline, articleId, group, title is null ? null : HeadlineNames.Of(title));
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
        var setA = new HashSet<string>(a, StringComparer.Ordinal);
        var setB = new HashSet<string>(b, StringComparer.Ordinal);
        double dot = 0, na = 0, nb = 0;
        foreach (var k in setA)
        {
            var w = Idf(k);
            na += w * w;
            if (setB.Contains(k))
            {
                dot += w * w;
            }
        }

        foreach (var k in setB)
        {
            var w = Idf(k);
            nb += w * w;
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    /// <summary>
    /// Virtual headlines sharing no key, added to the count: with a handful of items (one story's links) every
    /// shared word would otherwise look common and weigh nothing.
    /// </summary>
    private const double PriorDocuments = 20;

    /// <summary>Smoothed IDF; a floor keeps tiny collections (one aggregator page) from zeroing shared words.</summary>
    private double Idf(string key) =>
        Math.Max(0.1, Math.Log((_documents + _previousDocuments + PriorDocuments + 1.0)
            / (_df.GetValueOrDefault(key) + _previousDf.GetValueOrDefault(key) + 0.5)));

    /// <summary>Similarity two items of one series (same prefix) need: reposts of one item are near-identical.</summary>
    public double SeriesThreshold { get; init; } = 0.8;

    private static bool SameSeries(NormalizedHeadline a, NormalizedHeadline b) =>
        a.HasPrefix && b.HasPrefix && a.PrefixKeys.SequenceEqual(b.PrefixKeys, StringComparer.Ordinal);

    private sealed record Entry(NormalizedHeadline Headline, string ArticleId, string Group, IReadOnlySet<string>? Names);
}
