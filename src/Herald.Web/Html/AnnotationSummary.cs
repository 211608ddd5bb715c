using Herald.Model;
using Herald.Text;
using Herald.Web.Svg;

namespace Herald.Web.Html;

/// <summary>What a set of articles' annotations add up to: top people, organisations and places, map points, quotes.</summary>
internal sealed record AnnotationSummary(
    IReadOnlyList<(string Name, int Count)> People,
    IReadOnlyList<(string Name, int Count)> Orgs,
    IReadOnlyList<(string Name, int Count)> Places,
    IReadOnlyList<MapPoint> MapPoints,
    IReadOnlyList<(string ArticleId, QuoteMention Quote)> Quotes,
    int AnnotatedArticles)
{
    public static readonly AnnotationSummary Empty = new([], [], [], [], [], 0);

    /// <summary>Articles asked about that have stored annotations (possibly empty ones).</summary>
    public int Stored { get; init; }

    /// <summary>Articles asked about that have no stored annotations yet (the annotator has not reached them).</summary>
    public int Pending { get; init; }

    public bool IsEmpty => AnnotatedArticles == 0;

    /// <summary>Each article's tone, by article id (articles the annotator scored).</summary>
    public IReadOnlyDictionary<string, ToneScore> Tones { get; init; } = new Dictionary<string, ToneScore>();

    /// <summary>The mean tone of the given articles that have one (null when none has), weighted alike; and how many had one.</summary>
    public (double Tone, int Articles)? MeanTone(IEnumerable<string> ids)
    {
        var tones = ids.Distinct(StringComparer.Ordinal).Select(id => Tones.GetValueOrDefault(id)).OfType<ToneScore>().Where(t => t.WordCount > 0).ToList();
        return tones.Count == 0 ? null : (tones.Average(t => t.Tone), tones.Count);
    }

    /// <summary>The speaker names of the quotes, each folded with its variants ("Biden" and "Joe Biden") into one canonical name.</summary>
    public IReadOnlyDictionary<string, string> SpeakerNames { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A quote's speaker under its canonical name, or null when the quote has none.</summary>
    public string? Speaker(QuoteMention q) =>
        q.Speaker is { } s && s.Trim().Length > 0 ? SpeakerNames.GetValueOrDefault(s.Trim(), s.Trim()) : null;

    /// <summary>Speakers by how many quotes they have here, most first.</summary>
    public IReadOnlyList<(string Name, int Quotes)> Speakers() =>
        Quotes.Select(q => Speaker(q.Quote)).OfType<string>().GroupBy(n => n, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Counts each name once per article (how many articles mention it), the measure a reader expects, after folding
    /// the names' variants across these articles into one entry each (<see cref="NameVariants"/>: "US" and "United
    /// States", "Biden" and "Joe Biden", "AP" and "Associated Press").
    /// </summary>
    public static AnnotationSummary From(IReadOnlyDictionary<string, string> jsonById, int top = 10, int? asked = null)
    {
        var read = new List<(string Id, ArticleAnnotations Ann)>();
        var tones = new Dictionary<string, ToneScore>(StringComparer.Ordinal);
        foreach (var (id, json) in jsonById)
        {
            var ann = AnnotationReader.Read(json);
            if (ann.Tone is { } tone)
            {
                tones[id] = tone;
            }

            if (ann.Entities.Count + ann.Places.Count + ann.Quotes.Count + ann.Amounts.Count > 0)
            {
                read.Add((id, ann));
            }
        }

        static IEnumerable<string> PeopleOf(ArticleAnnotations a) => a.Entities.Where(e => e.Type == EntityType.Person).Select(e => e.Name);
        static IEnumerable<string> OrgsOf(ArticleAnnotations a) => a.Entities.Where(e => e.Type == EntityType.Org).Select(e => e.Name);
        static IEnumerable<string> PlacesOf(ArticleAnnotations a) => a.Places.Select(p => p.Name).Concat(a.Entities.Where(e => e.Type == EntityType.Place).Select(e => e.Name));

        var peopleNames = Canonical(read.SelectMany(r => PeopleOf(r.Ann)), NameKind.Person);
        var orgNames = Canonical(read.SelectMany(r => OrgsOf(r.Ann)), NameKind.Organisation);
        var placeNames = Canonical(read.SelectMany(r => PlacesOf(r.Ann)), NameKind.Place);

        var people = new Dictionary<string, int>(StringComparer.Ordinal);
        var orgs = new Dictionary<string, int>(StringComparer.Ordinal);
        var places = new Dictionary<string, int>(StringComparer.Ordinal);
        var coords = new Dictionary<string, (double Lat, double Lon, int Count)>(StringComparer.Ordinal);
        var quotes = new List<(string, QuoteMention)>();
        foreach (var (id, ann) in read)
        {
            foreach (var name in PeopleOf(ann).Select(n => peopleNames[n]).Distinct(StringComparer.Ordinal))
            {
                Bump(people, name);
            }

            foreach (var name in OrgsOf(ann).Select(n => orgNames[n]).Distinct(StringComparer.Ordinal))
            {
                Bump(orgs, name);
            }

            foreach (var name in PlacesOf(ann).Select(n => placeNames[n]).Distinct(StringComparer.Ordinal))
            {
                Bump(places, name);
            }

            foreach (var p in ann.Places.Where(p => p.Lat is not null && p.Lon is not null).DistinctBy(p => placeNames[p.Name], StringComparer.Ordinal))
            {
                var name = placeNames[p.Name];
                coords[name] = coords.TryGetValue(name, out var c) ? c with { Count = c.Count + 1 } : (p.Lat!.Value, p.Lon!.Value, 1);
            }

            quotes.AddRange(ann.Quotes.Select(q => (id, q)));
        }

        return new AnnotationSummary(
            Top(people, top), Top(orgs, top), Top(places, top),
            coords.Select(kv => new MapPoint(kv.Key, kv.Value.Lat, kv.Value.Lon, kv.Value.Count)).ToList(),
            quotes, read.Count)
        {
            Stored = jsonById.Count,
            Tones = tones,
            SpeakerNames = Canonical(quotes.Select(q => q.Item2.Speaker?.Trim()).OfType<string>().Where(n => n.Length > 0), NameKind.Person),
            Pending = asked is { } n ? Math.Max(0, n - jsonById.Count) : 0,
        };
    }

    private static IReadOnlyDictionary<string, string> Canonical(IEnumerable<string> names, NameKind kind) =>
        NameVariants.Canonicalise(names.GroupBy(n => n, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal), kind);

    private static void Bump(Dictionary<string, int> d, string key)
    {
        if (key.Length > 0)
        {
            d[key] = d.TryGetValue(key, out var n) ? n + 1 : 1;
        }
    }

    private static List<(string, int)> Top(Dictionary<string, int> d, int n) =>
        d.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(n).Select(kv => (kv.Key, kv.Value)).ToList();
}
