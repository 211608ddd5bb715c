namespace Herald.Annotate.Places;

/// <summary>
/// What an article says about where it is: votes for countries and first-order divisions from the places it names
/// (and demonyms such as "Iraqi"), and the confidently placed towns other names can be near. Each name's own votes are
/// kept apart so that a name never supports its own reading.
/// </summary>
internal sealed class ArticleContext
{
    private readonly Dictionary<string, double> _countries = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), double> _countriesByName = [];
    private readonly Dictionary<string, double> _divisions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), double> _divisionsByName = [];
    private readonly List<(double Lat, double Lon, string Key)> _anchors = [];

    /// <summary>The country the article is most about, if it names any.</summary>
    public string? TopCountry { get; private set; }

    public static ArticleContext Build(
        List<ToponymCandidate> candidates, GazetteerEntry?[] chosen, IReadOnlyList<(string CountryCode, string Key)> demonyms)
    {
        var ctx = new ArticleContext();
        for (var k = 0; k < candidates.Count; k++)
        {
            if (chosen[k] is not { } e)
            {
                continue;
            }

            var c = candidates[k];
            var w = e.Kind switch
            {
                PlaceKind.Country or PlaceKind.Division1 or PlaceKind.Region => 1.0,
                PlaceKind.Town when c.Entries.Count == 1 => 1.0,
                PlaceKind.Town when e.Population >= 100_000 => 0.6,
                _ => 0.3,
            };
            if (e.CountryCode.Length > 0)
            {
                Add(ctx._countries, ctx._countriesByName, e.CountryCode, c.Key, w);
            }

            if (e.Division1Key.Length > 0)
            {
                Add(ctx._divisions, ctx._divisionsByName, e.Division1Key, c.Key, w);
            }

            if (w >= 0.6 && e.Kind is PlaceKind.Town or PlaceKind.Division1)
            {
                ctx._anchors.Add((e.Lat, e.Lon, c.Key));
            }
        }

        foreach (var (country, key) in demonyms)
        {
            Add(ctx._countries, ctx._countriesByName, country, key, 0.5);
        }

        var top = 0.0;
        foreach (var (cc, v) in ctx._countries)
        {
            if (v > top || (v == top && string.CompareOrdinal(cc, ctx.TopCountry) < 0))
            {
                top = v;
                ctx.TopCountry = cc;
            }
        }

        return ctx;
    }

    private static void Add(Dictionary<string, double> total, Dictionary<(string, string), double> byName, string code, string key, double w)
    {
        total[code] = total.GetValueOrDefault(code) + w;
        byName[(code, key)] = byName.GetValueOrDefault((code, key)) + w;
    }

    public double CountryVotes(string cc, string ownKey) =>
        cc.Length == 0 ? 0 : _countries.GetValueOrDefault(cc) - _countriesByName.GetValueOrDefault((cc, ownKey));

    public double DivisionVotes(string division, string ownKey) =>
        division.Length == 0 ? 0 : _divisions.GetValueOrDefault(division) - _divisionsByName.GetValueOrDefault((division, ownKey));

    /// <summary>Context bonus for reading the name <paramref name="ownKey"/> as <paramref name="e"/>.</summary>
    public double Score(GazetteerEntry e, string ownKey)
    {
        var s = 0.0;
        var cv = CountryVotes(e.CountryCode, ownKey);
        if (cv > 0.01)
        {
            s += Math.Min(3.0, 2.0 + (0.25 * cv));
        }

        var dv = DivisionVotes(e.Division1Key, ownKey);
        if (dv > 0.01 && e.Kind != PlaceKind.Division1)
        {
            s += Math.Min(3.0, 2.0 + (0.5 * dv));
        }
        else if (dv > 0.01)
        {
            // The article's other places lie inside this division ("Quebec" in a story about Montreal and Laval): as
            // near to them as a town there could be, so it gets the town's nearness credit too.
            s += Math.Min(3.0, 2.0 + (0.5 * dv)) + 2.0;
        }

        if (e.Kind is PlaceKind.Town or PlaceKind.Division2)
        {
            var nearest = double.MaxValue;
            foreach (var (lat, lon, key) in _anchors)
            {
                if (!string.Equals(key, ownKey, StringComparison.Ordinal))
                {
                    nearest = Math.Min(nearest, Geo.DistanceKm(lat, lon, e.Lat, e.Lon));
                }
            }

            s += nearest switch
            {
                < 50 => 2.0,
                < 200 => 1.5,
                < 500 => 0.5,
                _ => 0.0,
            };
        }

        return s;
    }

    /// <summary>
    /// "Iraqi forces", "Syrian refugees": demonyms say which country the story is in without naming it. Each
    /// capitalised word of four letters or more that is a demonym no two countries share votes for its country, under
    /// its own key ("demonym:iraqi"). They do not depend on the readings chosen, so an article reads them once for
    /// all its context passes.
    /// </summary>
    public static List<(string CountryCode, string Key)> Demonyms(string text, Gazetteer gazetteer)
    {
        List<(string, string)>? found = null;
        Span<char> buffer = stackalloc char[64];
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            if (char.IsUpper(text[start]) && i - start >= 4 && i - start <= buffer.Length)
            {
                var key = PlaceNames.WordKey(text.AsSpan(start, i - start), buffer);
                if (gazetteer.UnsharedDemonym(key) is { } country)
                {
                    (found ??= []).Add((country.CountryCode, string.Concat("demonym:", key)));
                }
            }
        }

        return found ?? [];
    }
}
