using Herald.Model;
using Herald.Pipeline;
using Herald.Text;

namespace Herald.Dedup;

/// <summary>Thresholds of <see cref="CopyDetector"/>; the defaults are tuned by the copy evaluation (bench `stories`).</summary>
public sealed record CopyDetectorOptions
{
    /// <summary>Estimated share of the shorter text's word 4-shingles found in the other.</summary>
    public double MinShingleContainment { get; init; } = 0.5;
    /// <summary>Share of the shorter text's sentences found verbatim in the other.</summary>
    public double MinSentenceContainment { get; init; } = 0.5;
    public int MinSharedSentences { get; init; } = 2;
    /// <summary>Bodies shorter than this are matched only exactly: a two-line item shares too little to judge.</summary>
    public int MinBodyWords { get; init; } = 25;
    /// <summary>Articles remembered per generation; memory holds at most two generations.</summary>
    public int GenerationSize { get; init; } = 200_000;
    /// <summary>
    /// Headline-only items with the same folded headline of at least this many words are one item listed twice
    /// (a syndicated item on two outlets' feeds); shorter headlines ("Live updates", "Iraq") say too little.
    /// </summary>
    public int MinHeadlineWords { get; init; } = 5;
    /// <summary>How far apart two headline-only twins may be: a headline reused months later is a new item.</summary>
    public TimeSpan HeadlineWindow { get; init; } = TimeSpan.FromDays(14);
}

/// <summary>
/// Exact copies by canonical URL and normalised content hash; near copies by MinHash-LSH over word 4-shingles
/// (containment, so truncated and padded copies count) and by shared sentence hashes (Media Cloud's method,
/// which catches wire stories reprinted with other boilerplate and a few edited sentences).
/// Memory is bounded: the index keeps two generations of <see cref="CopyDetectorOptions.GenerationSize"/>
/// articles and drops the older when the newer fills.
/// </summary>
public sealed class CopyDetector(CopyDetectorOptions? options = null) : ICopyDetector
{
    private readonly CopyDetectorOptions _options = options ?? new CopyDetectorOptions();
    private Generation _current = new();
    private Generation _previous = new();
    // Scratch for the sentence hashes of the article being checked (the detector is not thread-safe anyway).
    private readonly List<ulong> _sentences = new(64);

    public CopyMatch? FindAndAdd(Article article)
    {
        var match = Find(article, out var entry);
        entry.RootId = match?.OriginalId ?? article.Id;
        Add(entry);
        return match;
    }

    private CopyMatch? Find(Article article, out Entry entry)
    {
        var url = UrlCanonicalizer.WebIdentityKey(article.CanonicalUrl ?? article.Url);
        var urlKey = url is null ? 0UL : Fingerprints.Hash(url);
        var text = article.Text;
        var words = Fingerprints.CountWords(text);
        var contentKey = words == 0 ? 0UL : Fingerprints.ContentHash(text);
        entry = new Entry(article.Id, urlKey, contentKey);
        if (words == 0 && HeadlineTwinKey(article.Title) is { } headlineKey)
        {
            entry.HeadlineKey = headlineKey;
            entry.Ticks = (article.Published ?? article.FirstSeen)?.UtcTicks ?? long.MinValue;
        }

        if (urlKey != 0 && Lookup(g => g.ByUrl, urlKey) is { } sameUrl)
        {
            return new CopyMatch(sameUrl.RootId, CopyKind.SameUrl, 1.0);
        }

        if (contentKey != 0 && Lookup(g => g.ByContent, contentKey) is { } sameContent)
        {
            return new CopyMatch(sameContent.RootId, CopyKind.SameContent, 1.0);
        }

        if (entry.HeadlineKey != 0)
        {
            // Headline-only twins: the earlier item with the same folded headline, if close enough in time (an
            // undated item on either side counts as close: a feed entry without a date is current).
            if (Lookup(g => g.ByHeadline, entry.HeadlineKey) is { } twin
                && (twin.Ticks == long.MinValue || entry.Ticks == long.MinValue
                    || Math.Abs(entry.Ticks - twin.Ticks) <= _options.HeadlineWindow.Ticks))
            {
                return new CopyMatch(twin.RootId, CopyKind.SameHeadline, 1.0);
            }

            return null;
        }

        if (words < _options.MinBodyWords)
        {
            return null;
        }

        _sentences.Clear();
        entry.Sentences = Distinct(Fingerprints.SentenceHashes(text, _sentences));
        entry.Sketch = MinHashSketch.OfText(text);

        // Candidates: every earlier article sharing a sentence or an LSH band.
        var shared = new Dictionary<Entry, int>(ReferenceEqualityComparer.Instance);
        foreach (var s in entry.Sentences)
        {
            if (Lookup(g => g.BySentence, s) is { } e)
            {
                shared[e] = shared.GetValueOrDefault(e) + 1;
            }
        }

        for (var b = 0; b < MinHashSketch.Bands; b++)
        {
            if (Lookup(g => g.ByBand, entry.Sketch.BandKey(b)) is { } e)
            {
                shared.TryAdd(e, 0);
            }
        }

        CopyMatch? best = null;
        foreach (var (candidate, count) in shared)
        {
            if (candidate.Sketch is null)
            {
                continue;
            }

            var shingles = entry.Sketch.Containment(candidate.Sketch);
            var minSentences = Math.Min(entry.Sentences.Length, candidate.Sentences.Length);
            var sentences = minSentences == 0 ? 0 : count / (double)minSentences;
            CopyMatch? m = null;
            if (shingles >= _options.MinShingleContainment)
            {
                m = new CopyMatch(candidate.RootId, CopyKind.NearDuplicate, shingles);
            }
            else if (count >= _options.MinSharedSentences && sentences >= _options.MinSentenceContainment)
            {
                m = new CopyMatch(candidate.RootId, CopyKind.SharedSentences, sentences);
            }

            if (m is not null && (best is null || m.Score > best.Score))
            {
                best = m;
            }
        }

        return best;
    }

    /// <summary>The distinct hashes, sorted (a repeated sentence counts once).</summary>
    private static ulong[] Distinct(List<ulong> hashes)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hashes);
        return span[..Fingerprints.SortDistinct(span)].ToArray();
    }

    /// <summary>The hash of a headline's folded words when it has enough of them to name one item; else null.</summary>
    private ulong? HeadlineTwinKey(string title)
    {
        var key = TextFolding.HeadlineKey(title);
        var words = key.Length == 0 ? 0 : key.Count(c => c == ' ') + 1;
        return words >= _options.MinHeadlineWords ? Fingerprints.Hash(key) : null;
    }

    private Entry? Lookup(Func<Generation, Dictionary<ulong, Entry>> index, ulong key) =>
        index(_current).TryGetValue(key, out var e) ? e
        : index(_previous).TryGetValue(key, out e) ? e
        : null;

    private void Add(Entry entry)
    {
        if (_current.Count >= _options.GenerationSize)
        {
            _previous = _current;
            _current = new Generation();
        }

        _current.Count++;
        // First writer wins: the earliest article holding a key stays the one later copies point at.
        if (entry.UrlKey != 0)
        {
            _current.ByUrl.TryAdd(entry.UrlKey, entry);
        }

        if (entry.ContentKey != 0)
        {
            _current.ByContent.TryAdd(entry.ContentKey, entry);
        }

        foreach (var s in entry.Sentences)
        {
            _current.BySentence.TryAdd(s, entry);
        }

        if (entry.HeadlineKey != 0)
        {
            // The newest twin is the one a later item is compared with in time; it points at the group's root.
            _current.ByHeadline[entry.HeadlineKey] = entry;
        }

        if (entry.Sketch is { } sketch)
        {
            for (var b = 0; b < MinHashSketch.Bands; b++)
            {
                _current.ByBand.TryAdd(sketch.BandKey(b), entry);
            }
        }
    }

    private sealed class Entry(string id, ulong urlKey, ulong contentKey)
    {
        public string Id { get; } = id;
        public string RootId { get; set; } = id;
        public ulong UrlKey { get; } = urlKey;
        public ulong ContentKey { get; } = contentKey;
        public ulong[] Sentences { get; set; } = [];
        public MinHashSketch? Sketch { get; set; }
        public ulong HeadlineKey { get; set; }
        public long Ticks { get; set; }
    }

    private sealed class Generation
    {
        public int Count { get; set; }
        public Dictionary<ulong, Entry> ByUrl { get; } = [];
        public Dictionary<ulong, Entry> ByContent { get; } = [];
        public Dictionary<ulong, Entry> BySentence { get; } = [];
        public Dictionary<ulong, Entry> ByBand { get; } = [];
        public Dictionary<ulong, Entry> ByHeadline { get; } = [];
    }
}
