using Herald.Model;

namespace Herald.Annotate.Places;

/// <summary>
/// Finds the places an article names and resolves each to a GeoNames place with coordinates. Ambiguous names are
/// decided by population and kind (countries before towns), then by the article's own context: the countries and
/// states it mentions, "Paris, Texas" qualifiers, and nearness to the other places it names (Mosul → Iraq).
/// A name the gazetteer lacks but the text marks as a place ("the city's al-Jadidah neighborhood") is placed at the
/// place it lies in, with a null GeoNames id. Immutable after construction: one instance serves every thread.
/// </summary>
public sealed class PlaceResolver : IPlaceResolver
{
    private static readonly Lazy<PlaceResolver> Default = new(() => new PlaceResolver(Gazetteer.Load(), new PlaceResolverOptions()));

    private readonly Gazetteer _gazetteer;
    private readonly ToponymFinder _finder;

    private PlaceResolver(Gazetteer gazetteer, PlaceResolverOptions options)
    {
        _gazetteer = gazetteer;
        Options = options;
        _finder = new ToponymFinder(gazetteer, options.IncludeDemonyms);
    }

    public PlaceResolverOptions Options { get; }

    /// <summary>The gazetteer behind this resolver (the bench's error breakdown looks candidates up in it).</summary>
    internal Gazetteer Gazetteer => _gazetteer;

    /// <summary>The resolver over the gazetteer that ships inside the Herald assembly (loaded once, under a second).</summary>
    public static PlaceResolver LoadDefault() => Default.Value;

    /// <summary>A resolver over the same gazetteer with other options.</summary>
    public PlaceResolver With(PlaceResolverOptions options) => new(_gazetteer, options);

    /// <summary>
    /// Places in <paramref name="text"/>, in text order. With <paramref name="entities"/> (from the entity tagger), the
    /// PLACE mentions are the toponyms; without, the resolver finds them itself from the gazetteer.
    /// </summary>
    public IReadOnlyList<PlaceMention> Resolve(string text, IReadOnlyList<EntityMention>? entities = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<ToponymCandidate> candidates;
        if (entities is null)
        {
            candidates = _finder.Find(text);
        }
        else
        {
            candidates = [];
            foreach (var e in entities)
            {
                if (e.Type == EntityType.Place && e.Start >= 0 && e.End <= text.Length && e.End > e.Start)
                {
                    candidates.Add(_finder.FromSpan(text, e.Start, e.End));
                }
            }

            ToponymFinder.LinkQualifiers(text, candidates);
        }

        return Decide(text, candidates);
    }

    private List<PlaceMention> Decide(string text, List<ToponymCandidate> candidates)
    {
        var n = candidates.Count;
        if (n == 0)
        {
            // Nothing to read: the context (demonyms and all) would vote for no one.
            return [];
        }

        UnlinkCountryLists(text, candidates);
        var demonyms = ArticleContext.Demonyms(text, _gazetteer);
        var chosen = new GazetteerEntry?[n];
        var qualifies = new int[n];
        Array.Fill(qualifies, -1);
        for (var k = 0; k < n; k++)
        {
            if (candidates[k].Qualifier >= 0)
            {
                qualifies[candidates[k].Qualifier] = k;
            }
        }

        // Pass 1: each name on its own (population, kind, its qualifier). Pass 2 and 3 add the article's context.
        for (var k = 0; k < n; k++)
        {
            chosen[k] = Best(candidates, k, qualifies[k], context: null);
        }

        var context = ArticleContext.Build(candidates, chosen, demonyms);
        for (var pass = 0; pass < 2; pass++)
        {
            // Only readings that would be kept as places vote: a surname that is also a Georgia town ("Fitzgerald")
            // must not pull the article's other names to the United States.
            var voting = new GazetteerEntry?[n];
            for (var k = 0; k < n; k++)
            {
                voting[k] = chosen[k] is { } e && Accept(candidates[k], e, qualifies[k] >= 0, context) ? e : null;
            }

            context = ArticleContext.Build(candidates, voting, demonyms);
            var next = new GazetteerEntry?[n];
            for (var k = 0; k < n; k++)
            {
                next[k] = Best(candidates, k, qualifies[k], context, SiblingKinds(text, candidates, chosen, k));
            }

            chosen = next;
        }

        var finalContext = ArticleContext.Build(candidates, chosen, demonyms);
        var accepted = new bool[n];
        for (var k = 0; k < n; k++)
        {
            accepted[k] = chosen[k] is { } e && Accept(candidates[k], e, qualifies[k] >= 0, finalContext);
        }

        var result = new List<PlaceMention>(n);
        for (var k = 0; k < n; k++)
        {
            var c = candidates[k];
            if (chosen[k] is { } e)
            {
                if (accepted[k])
                {
                    result.Add(new PlaceMention(c.Text, c.Start, c.End, e.Name, e.GeonameId, NullIfEmpty(e.CountryCode), e.Lat, e.Lon));
                }

                continue;
            }

            if (c.Entries.Count == 0 && (c.FromEntity || c.PlaceWordAfter))
            {
                var container = Container(candidates, chosen, accepted, k, finalContext);
                if (container is not null)
                {
                    result.Add(new PlaceMention(c.Text, c.Start, c.End, c.Text, null, NullIfEmpty(container.CountryCode), container.Lat, container.Lon));
                }
                else if (c.FromEntity)
                {
                    result.Add(new PlaceMention(c.Text, c.Start, c.End, c.Text, null, null, null, null));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// "Ghana, Guinea-Bissau, Niger, Nigeria and Togo": inside a list of countries, "Niger, Nigeria" is two items, not
    /// a place qualified by its country (which would pull Niger to Nigeria's Niger State).
    /// </summary>
    private void UnlinkCountryLists(string text, List<ToponymCandidate> candidates)
    {
        for (var k = 1; k < candidates.Count; k++)
        {
            var c = candidates[k];
            if (c.Qualifier < 0 || !HasCountryReading(c) || !HasCountryReading(candidates[c.Qualifier]) || !HasCountryReading(candidates[k - 1]))
            {
                continue;
            }

            var (a, b) = (candidates[k - 1].End, c.Start);
            if (b >= a && b - a <= 6 && IsListSeparator(text.AsSpan(a, b - a)))
            {
                // Listed among countries, the name is used as a place ("Cameroon, Chad, Guinea"), as a qualified one was.
                candidates[k] = c with { Qualifier = -1, Locative = true };
            }
        }
    }

    private bool HasCountryReading(ToponymCandidate c)
    {
        foreach (var row in c.Entries)
        {
            if (_gazetteer.Entries[row].Kind == PlaceKind.Country)
            {
                return true;
            }
        }

        return false;
    }

    private static string? NullIfEmpty(string code) => code.Length == 0 ? null : code;

    /// <summary>Where a place the gazetteer lacks lies: the nearest named place before it, else the article's country.</summary>
    private GazetteerEntry? Container(
        List<ToponymCandidate> candidates, GazetteerEntry?[] chosen, bool[] accepted, int k, ArticleContext context)
    {
        var c = candidates[k];
        if (c.Qualifier >= 0 && chosen[c.Qualifier] is { } q)
        {
            return q;
        }

        for (var j = k - 1; j >= 0; j--)
        {
            if (accepted[j] && chosen[j] is { } e && c.Start - candidates[j].End < 400 && e.Kind == PlaceKind.Town)
            {
                return e;
            }
        }

        for (var j = k + 1; j < candidates.Count; j++)
        {
            if (accepted[j] && chosen[j] is { } e && candidates[j].Start - c.End < 60)
            {
                return e;
            }
        }

        return context.TopCountry is { } cc ? _gazetteer.Country(cc) : null;
    }

    /// <summary>
    /// The kinds (countries, first-order divisions) of the places listed right beside candidate <paramref name="k"/>
    /// ("Utah, Washington, West Virginia and Wyoming"): the items of one list are places of one kind.
    /// </summary>
    private static (bool Division1, bool Country, string? Division1Country, bool Town) SiblingKinds(string text, List<ToponymCandidate> candidates, GazetteerEntry?[] chosen, int k)
    {
        bool division1 = false, country = false, town = false;
        string? division1Country = null;
        foreach (var j in new[] { k - 1, k + 1 })
        {
            if (j < 0 || j >= candidates.Count || chosen[j] is not { } e)
            {
                continue;
            }

            var (a, b) = j < k ? (candidates[j].End, candidates[k].Start) : (candidates[k].End, candidates[j].Start);
            if (b < a || b - a > 24 || !(IsListSeparator(text.AsSpan(a, b - a)) || IsCountedListGap(text.AsSpan(a, b - a))))
            {
                continue;
            }

            division1 |= e.Kind == PlaceKind.Division1;
            country |= e.Kind == PlaceKind.Country;
            town |= e.Kind == PlaceKind.Town;
            if (e.Kind == PlaceKind.Division1)
            {
                division1Country ??= e.CountryCode;
            }
        }

        return (division1, country, division1Country, town);
    }

    private static bool IsListSeparator(ReadOnlySpan<char> gap) =>
        gap is ", " or " and " or ", and " or " or " or ", or " or " & " or "/";

    /// <summary>
    /// The gap between the items of a counted list, "five in Ontario, eight in Alberta, one in New Brunswick, and one
    /// in Quebec": a separator, then one or two lower-case words (the count) and "in", "from" or "at".
    /// </summary>
    internal static bool IsCountedListGap(ReadOnlySpan<char> gap)
    {
        if (gap.StartsWith(", and ", StringComparison.Ordinal))
        {
            gap = gap[6..];
        }
        else if (gap.StartsWith(", ", StringComparison.Ordinal))
        {
            gap = gap[2..];
        }
        else if (gap.StartsWith(" and ", StringComparison.Ordinal))
        {
            gap = gap[5..];
        }
        else
        {
            return false;
        }

        if (!gap.EndsWith(' '))
        {
            return false;
        }

        gap = gap[..^1];
        var words = 0;
        var last = ReadOnlySpan<char>.Empty;
        foreach (var range in gap.Split(' '))
        {
            var w = gap[range];
            if (w.Length == 0 || (words == 0 && !IsCount(w)))
            {
                return false;
            }

            foreach (var ch in w)
            {
                if (!(char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == ','))
                {
                    return false;
                }
            }

            words++;
            last = w;
        }

        return words is 2 or 3 && last is "in" or "from" or "at";
    }

    private static readonly HashSet<string> CountWords = new(StringComparer.Ordinal)
    {
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "a", "another",
        "several", "some", "many", "dozens", "hundreds", "thousands", "none",
    };

    private static bool IsCount(ReadOnlySpan<char> word)
    {
        foreach (var ch in word)
        {
            if (!char.IsAsciiDigit(ch) && ch != ',')
            {
                return CountWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
            }
        }

        return true;
    }

    private GazetteerEntry? Best(
        List<ToponymCandidate> candidates, int k, int qualifiesIndex, ArticleContext? context, (bool Division1, bool Country, string? Division1Country, bool Town) siblings = default)
    {
        var c = candidates[k];
        var countryReadings = 0;
        GazetteerEntry? best = null;
        var bestScore = double.NegativeInfinity;
        // When a name is also a country or state ("California", "Ontario"), a town or county of that name needs the
        // writer's qualifier to win; context alone (the article mentions Missouri) must not pull it to a hamlet.
        var largestArea = 0L;
        foreach (var row in c.Entries)
        {
            var e = _gazetteer.Entries[row];
            countryReadings += e.Kind == PlaceKind.Country ? 1 : 0;
            if (e.Kind is PlaceKind.Country or PlaceKind.Division1 or PlaceKind.Region)
            {
                largestArea = Math.Max(largestArea, Math.Max(e.Population, 100_000));
            }
        }

        foreach (var row in c.Entries)
        {
            var e = _gazetteer.Entries[row];
            var s = Prior(e);
            if (largestArea > 0 && e.Kind is PlaceKind.Town or PlaceKind.Division2 && e.Population * 10 < largestArea && e.Population < 200_000)
            {
                s -= 4.0;
            }

            if (c.Qualifier >= 0)
            {
                s += QualifierFit(e, candidates[c.Qualifier]);
            }

            if (qualifiesIndex >= 0)
            {
                // This name qualifies the one before it ("Atlanta, Georgia"): prefer the reading that contains it.
                s += ContainerFit(e, candidates[qualifiesIndex]);
            }

            if (context is not null)
            {
                s += context.Score(e, c.Key);
                if (countryReadings > 1 && e.Kind == PlaceKind.Country)
                {
                    // A name two countries share ("Congo"): the one the article names unambiguously ("the Republic of
                    // Congo", Brazzaville) is the one it means; its votes count beyond the usual capped context bonus.
                    s += Math.Min(3.0, context.CountryVotes(e.CountryCode, c.Key));
                }
            }

            if (c.KindHint is { } hint && hint == e.Kind)
            {
                s += 6.0;
            }

            if ((siblings.Division1 && e.Kind == PlaceKind.Division1) || (siblings.Country && e.Kind == PlaceKind.Country))
            {
                s += 3.0;
                // A list of states names states of one country ("Alberta, Ontario and New Brunswick"): the
                // neighbours' country outweighs a same-named town that the article's other places sit near.
                if (e.Kind == PlaceKind.Division1 && string.Equals(e.CountryCode, siblings.Division1Country, StringComparison.Ordinal))
                {
                    s += 2.0;
                }
            }
            else if (siblings.Town && e.Kind == PlaceKind.Town && !siblings.Division1 && !siblings.Country)
            {
                // "from New York and Toronto": listed beside a city, a name that is both a state and a city is the city.
                s += 1.5;
            }

            if (s > bestScore)
            {
                bestScore = s;
                best = e;
            }
        }

        return best;
    }

    /// <summary>What is known about a place before reading the article: bigger and higher-ranked places are named more.</summary>
    internal static double Prior(GazetteerEntry e)
    {
        var s = Math.Log10(e.Population + 10);
        s += e.Kind switch
        {
            PlaceKind.Country => 3.0,
            PlaceKind.Region => 2.5,
            PlaceKind.Division1 => 0.8,
            PlaceKind.Division2 => -1.5,
            _ => e.FeatureCode switch
            {
                "PPLC" => 2.0,
                "PPLA" => 0.8,
                "PPLA2" => 0.3,
                // A section of a city is rarely what a bare name means, unless it is as big as a city itself
                // (Hollywood, Brooklyn): then it is the better-known place.
                "PPLX" when e.Population >= 100_000 => 0.0,
                "PPLX" or "PPLL" or "PPLH" or "PPLQ" or "PPLW" => -1.0,
                _ => 0.0,
            },
        };
        if (e.Kind == PlaceKind.Town && e.Population >= 1_000_000)
        {
            s += 0.7;
        }

        return s;
    }

    private double QualifierFit(GazetteerEntry e, ToponymCandidate qualifier)
    {
        foreach (var row in qualifier.Entries)
        {
            var q = _gazetteer.Entries[row];
            if (Contains(q, e))
            {
                return q.Kind == PlaceKind.Country ? 5.0 : 7.0;
            }
        }

        return 0.0;
    }

    private double ContainerFit(GazetteerEntry e, ToponymCandidate inner)
    {
        foreach (var row in inner.Entries)
        {
            if (Contains(e, _gazetteer.Entries[row]))
            {
                return 4.0;
            }
        }

        return 0.0;
    }

    internal static bool Contains(GazetteerEntry outer, GazetteerEntry inner) => outer.Kind switch
    {
        PlaceKind.Country => inner.CountryCode == outer.CountryCode && inner.Index != outer.Index,
        PlaceKind.Division1 => inner.Kind != PlaceKind.Division1 && inner.Division1Key == outer.Division1Key,
        PlaceKind.Division2 => inner.Kind == PlaceKind.Town && inner.CountryCode == outer.CountryCode && inner.Admin1 == outer.Admin1,
        _ => false,
    };

    /// <summary>Whether a gazetteer-scan match is used as a place here; the tagger's spans are always kept.</summary>
    private static bool Accept(ToponymCandidate c, GazetteerEntry e, bool isQualifier, ArticleContext context)
    {
        if (c.FromEntity)
        {
            return true;
        }

        var placeUse = c.Locative || c.Qualifier >= 0 || isQualifier || c.PlaceWordAfter;
        if (ToponymFinder.IsPersonLike(c.Key) && !placeUse)
        {
            return false;
        }

        // Inside a longer name ("Texas A&M", "Environment Canada", "Washington Post"): corpora count the country or
        // state in such names as a mention of it, but a town there is usually a person's or a firm's name.
        // A state named in full ("Michigan State University"); not one reached through a shortened alias ("Vladimir"
        // for Vladimir Oblast), which is as often a first name.
        var wellKnown = e.Kind is PlaceKind.Country or PlaceKind.Region ||
                        (e.Kind == PlaceKind.Division1 && e.Population >= 500_000 &&
                         string.Equals(PlaceNames.Key(e.Name), c.Key, StringComparison.Ordinal));
        if (c.NamePreceded && !wellKnown)
        {
            return false;
        }

        if (c.NameContinues && !wellKnown && !(e.Kind == PlaceKind.Town && e.Population >= 1_000_000))
        {
            return false;
        }

        var inContext = context.CountryVotes(e.CountryCode, c.Key) > 0 || context.DivisionVotes(e.Division1Key, c.Key) > 0;
        switch (e.Kind)
        {
            case PlaceKind.Country:
            case PlaceKind.Region:
                return true;
            case PlaceKind.Division1:
                return !c.SentenceInitial || placeUse || inContext || e.Population >= 1_000_000;
            case PlaceKind.Division2:
                // "A Dallas County jury": a name that says "County" is a county wherever it stands.
                var typed = c.Key.EndsWith(" county", StringComparison.Ordinal) || c.Key.EndsWith(" parish", StringComparison.Ordinal) ||
                            c.Key.EndsWith(" province", StringComparison.Ordinal) || c.Key.EndsWith(" district", StringComparison.Ordinal);
                return (placeUse || typed) && (inContext || c.Qualifier >= 0 || isQualifier);
            default:
                var prominent = e.Population >= 100_000 || e.FeatureCode is "PPLC" or "PPLA";
                if (prominent && !c.SentenceInitial)
                {
                    return true;
                }

                if (prominent)
                {
                    return placeUse || inContext || e.Population >= 500_000;
                }

                return (placeUse && (inContext || e.Population >= 5_000)) || (inContext && e.Population >= 20_000 && !c.SentenceInitial)
                    || c.Qualifier >= 0 || isQualifier;
        }
    }
}
