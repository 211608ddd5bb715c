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

    /// <summary>
    /// Counts each name once per article (how many articles mention it), the measure a reader expects, after folding
    /// the names' variants across these articles into one entry each (<see cref="NameVariants"/>: "US" and "United
    /// States", "Biden" and "Joe Biden", "AP" and "Associated Press").
    /// </summary>
    public static AnnotationSummary From(IReadOnlyDictionary<string, string> jsonById, int top = 10, int? asked = null)
    {
        var read = new List<(string Id, ArticleAnnotations Ann)>();
        foreach (var (id, json) in jsonById)
        {
            var ann = AnnotationReader.Read(json);
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
