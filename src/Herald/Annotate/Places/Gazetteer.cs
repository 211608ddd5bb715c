using System.Globalization;
using System.IO.Compression;

namespace Herald.Annotate.Places;

/// <summary>What kind of place a gazetteer row is; the order of preference when nothing else decides.</summary>
internal enum PlaceKind
{
    Town,
    Division1,
    Division2,
    Country,
    Region,
}

/// <summary>One gazetteer row. <see cref="Admin1"/> is the first-order division code ("TX"), or "KY.169" for a county.</summary>
internal sealed record GazetteerEntry(
    int Index, PlaceKind Kind, long? GeonameId, string Name, string CountryCode, string Admin1, double Lat, double Lon,
    long Population, string FeatureCode)
{
    /// <summary>The first-order division this place lies in ("US.TX"), or empty when unknown or not below one.</summary>
    public string Division1Key => Kind switch
    {
        PlaceKind.Town or PlaceKind.Division2 when Admin1.Length > 0 => CountryCode + "." + FirstCode(Admin1),
        PlaceKind.Division1 => CountryCode + "." + Admin1,
        _ => "",
    };

    private static string FirstCode(string admin) =>
        admin.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0 ? admin[..dot] : admin;
}

/// <summary>
/// The committed gazetteer (Data/gazetteer.tsv.gz, built by tools/gazetteer from GeoNames-derived packages), indexed
/// by <see cref="PlaceNames.Key"/>. Immutable after load, so one instance serves every thread.
/// </summary>
internal sealed class Gazetteer
{
    private const string ResourceName = "Herald.Annotate.Places.Data.gazetteer.tsv.gz";

    private readonly Dictionary<string, int[]> _byName;
    private readonly Dictionary<string, int> _demonyms;
    private readonly Dictionary<string, int> _countries;

    /// <summary>Demonym keys two countries of comparable size share ("congolese"): they say nothing about which one.</summary>
    private readonly HashSet<string> _sharedDemonyms;

    private Gazetteer(List<GazetteerEntry> entries, Dictionary<string, int[]> byName, Dictionary<string, int> demonyms,
        Dictionary<string, int> countries, HashSet<string> sharedDemonyms)
    {
        Entries = entries;
        _byName = byName;
        _demonyms = demonyms;
        _countries = countries;
        _sharedDemonyms = sharedDemonyms;
    }

    public IReadOnlyList<GazetteerEntry> Entries { get; }

    /// <summary>Longest name in tokens, so a scanner knows how far ahead to look.</summary>
    public int MaxTokens { get; private init; }

    public static Gazetteer Load()
    {
        using var stream = typeof(Gazetteer).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the Herald assembly");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return Parse(reader);
    }

    internal static Gazetteer Parse(TextReader reader)
    {
        var entries = new List<GazetteerEntry>(180_000);
        var names = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var demonyms = new Dictionary<string, int>(StringComparer.Ordinal);
        var sharers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var shared = new HashSet<string>(StringComparer.Ordinal);
        var countries = new Dictionary<string, int>(StringComparer.Ordinal);
        var maxTokens = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split('\t');
            var kind = f[0] switch
            {
                "P" => PlaceKind.Town,
                "A1" => PlaceKind.Division1,
                "A2" => PlaceKind.Division2,
                "C" => PlaceKind.Country,
                _ => PlaceKind.Region,
            };
            long? id = f[1].Length > 0 ? long.Parse(f[1], CultureInfo.InvariantCulture) : null;
            var index = entries.Count;
            // Country rows carry their demonyms in the admin column ("Iraqi;Iraqi"); they are not a division.
            var admin = kind == PlaceKind.Country ? "" : f[5];
            var e = new GazetteerEntry(index, kind, id, f[2], f[4], admin,
                double.Parse(f[6], CultureInfo.InvariantCulture), double.Parse(f[7], CultureInfo.InvariantCulture),
                long.Parse(f[8], CultureInfo.InvariantCulture), f[9]);
            entries.Add(e);
            Add(f[2]);
            if (f[3].Length > 0)
            {
                foreach (var alias in f[3].Split('|'))
                {
                    Add(alias);
                }
            }

            if (kind == PlaceKind.Country)
            {
                countries.TryAdd(e.CountryCode, index);
                foreach (var d in f[5].Split(';', StringSplitOptions.RemoveEmptyEntries))
                {
                    var key = PlaceNames.Key(d);
                    if (!sharers.TryGetValue(key, out var list))
                    {
                        sharers[key] = list = [];
                    }

                    if (!list.Contains(index))
                    {
                        list.Add(index);
                    }
                }
            }

            void Add(string name)
            {
                var key = PlaceNames.Key(name);
                if (key.Length == 0)
                {
                    return;
                }

                if (!names.TryGetValue(key, out var list))
                {
                    names[key] = list = [];
                }

                if (list.Count == 0 || list[^1] != index)
                {
                    list.Add(index);
                }

                maxTokens = Math.Max(maxTokens, key.Count(c => c == ' ') + 1);
            }
        }

        foreach (var (key, list) in sharers)
        {
            // "American" is the demonym of several territories too; it means the most populous. "Congolese" is as
            // much the Republic of the Congo's as the DR Congo's: a demonym two countries of comparable size share
            // (the larger under twenty times the other) is marked shared, and an article's context does not count it.
            list.Sort((a, b) => entries[b].Population.CompareTo(entries[a].Population));
            demonyms[key] = list[0];
            if (list.Count > 1 && entries[list[1]].Population * 20 >= entries[list[0]].Population)
            {
                shared.Add(key);
            }
        }

        var byName = new Dictionary<string, int[]>(names.Count, StringComparer.Ordinal);
        foreach (var (k, v) in names)
        {
            byName[k] = [.. v];
        }

        return new Gazetteer(entries, byName, demonyms, countries, shared) { MaxTokens = Math.Min(maxTokens, 7) };
    }

    /// <summary>Rows whose name or alias has this key (<see cref="PlaceNames.Key"/>), or an empty list.</summary>
    public IReadOnlyList<int> Find(string key) => _byName.TryGetValue(key, out var hits) ? hits : [];

    /// <summary>The country row a demonym names ("Iraqi" → Iraq), if any.</summary>
    public GazetteerEntry? Demonym(string key) => _demonyms.TryGetValue(key, out var i) ? Entries[i] : null;

    /// <summary>The country a demonym key names, unless two countries share it; looked
    /// up by span, so the article's many capitalised words that are not demonyms cost no string each.</summary>
    public GazetteerEntry? UnsharedDemonym(ReadOnlySpan<char> key) =>
        _demonyms.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var i)
        && !_sharedDemonyms.GetAlternateLookup<ReadOnlySpan<char>>().Contains(key) ? Entries[i] : null;

    public GazetteerEntry? Country(string code) => _countries.TryGetValue(code, out var i) ? Entries[i] : null;
}
