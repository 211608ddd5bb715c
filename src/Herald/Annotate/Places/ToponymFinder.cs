namespace Herald.Annotate.Places;

/// <summary>
/// A span of text that may name a place: the gazetteer rows it could be, and the clues around it that the resolver
/// weighs (a locative preposition before it, a ", Texas" qualifier after it, a following "neighborhood").
/// </summary>
internal sealed record ToponymCandidate(int Start, int End, string Text, string Key, IReadOnlyList<int> Entries)
{
    /// <summary>Preceded by "in", "near", "outside"…: the writer is using the name as a place.</summary>
    public bool Locative { get; init; }

    /// <summary>First word of a sentence, where capitals prove nothing.</summary>
    public bool SentenceInitial { get; init; }

    /// <summary>Followed by a place word ("neighborhood", "province"): a place even when the gazetteer lacks it.</summary>
    public bool PlaceWordAfter { get; init; }

    /// <summary>A capitalised word follows ("Washington Post", "Texas A&amp;M"): a place only if a prominent one.</summary>
    public bool NameContinues { get; init; }

    /// <summary>A country's adjective ("Russian"), found only when demonyms are asked for.</summary>
    public bool Demonym { get; init; }

    /// <summary>A capitalised word precedes ("Michael Jordan", "Environment Canada"): a place only if a prominent one.</summary>
    public bool NamePreceded { get; init; }

    /// <summary>
    /// The kind of place the words around the name say it is: "New York state", "the state of Washington" and
    /// "Washington Gov." name a first-order division.
    /// </summary>
    public PlaceKind? KindHint { get; init; }

    /// <summary>Came from the entity tagger rather than from the gazetteer scan.</summary>
    public bool FromEntity { get; init; }

    /// <summary>The candidate right after ", " (Paris, Texas): the place this one lies in, if the writer said so.</summary>
    public int Qualifier { get; set; } = -1;
}

/// <summary>
/// Finds toponyms without an entity tagger: scans capitalised word sequences for the longest gazetteer name, and
/// rejects matches that are part of a longer name ("Washington Post", "Paris Hilton") or common capitalised words.
/// </summary>
internal sealed class ToponymFinder
{
    private static readonly HashSet<string> Connectors = new(StringComparer.Ordinal)
    {
        "of", "the", "de", "del", "da", "do", "dos", "das", "du", "des", "la", "le", "el", "al", "y", "and", "upon",
        "on", "sur", "am", "im", "an", "bin", "ibn", "van", "von", "en", "di", "i",
    };

    private static readonly HashSet<string> LocativeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "in", "at", "near", "from", "to", "into", "outside", "across", "throughout", "around", "towards", "toward",
        "inside", "via", "within", "between", "of", "and", "northern", "southern", "eastern", "western", "central",
        "north", "south", "east", "west", "northeastern", "northwestern", "southeastern", "southwestern", "visit",
        "visited", "visiting", "entered", "leave", "left", "reached", "arrived", "downtown", "rural", "neighbouring",
        "neighboring", "nearby", "suburban", "coastal",
    };

    // Words that open a sentence or stand before a name without being part of it.
    private static readonly HashSet<string> NameOpeners = new(StringComparer.Ordinal)
    {
        "The", "In", "At", "From", "To", "Near", "On", "For", "With", "By", "And", "But", "Of", "As", "After", "Before",
        "Across", "Outside", "Inside", "Throughout", "Around", "Like", "While", "Since", "Both", "Meanwhile", "When",
        "If", "Although", "Over", "Under", "Into", "Both", "Northern", "Southern", "Eastern", "Western", "Central",
        "North", "South", "East", "West", "Greater", "Upper", "Lower", "Mainland", "Rural", "Downtown", "Coastal",
        "Northeastern", "Northwestern", "Southeastern", "Southwestern", "Many", "Most", "All", "Some", "Neighbouring",
        "Neighboring", "A", "An", "This", "That", "These", "Those", "Including", "Where", "Why", "How", "What",
        "Officials", "Residents", "Authorities", "Only", "Even", "Also", "Then", "Now", "Here", "There", "Yesterday",
        "Today", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Last", "Next",
        "Every", "Each", "Other", "Such", "Said", "Says", "Despite", "During", "Within", "Between", "Against",
        "Among", "Amid", "Via", "Per", "Than", "Beyond", "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec",
    };

    // Capitalised words that name places in the gazetteer but far more often mean something else in news text.
    private static readonly HashSet<string> StopKeys = new(StringComparer.Ordinal)
    {
        "may", "march", "june", "july", "august", "april", "january", "february", "september", "october", "november",
        "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "we", "it",
        "he", "she", "they", "you", "our", "his", "her", "their", "its", "my", "me", "us army", "two", "four", "five",
        "six", "seven", "eight", "nine", "ten", "friendship", "plateau", "xinhua", "agence", "brent", "saudi", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "i", "a", "an",
        "the", "mr", "mrs", "ms", "dr", "police", "army", "university", "college", "hospital", "government", "city",
        "state", "republic", "union", "university", "church", "court", "centre", "center", "island", "islands",
        "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western", "president",
        "minister", "chief", "general", "senator", "governor", "mayor", "king", "queen", "prince", "lord", "sir",
        "saint", "mission", "hope", "independence", "liberty", "victory", "unity", "progress", "commerce",
        "opportunity", "reading", "bath", "nice", "eagle", "temple", "bay", "lake", "river", "mount", "valley",
        "beach", "park", "airport", "station", "street", "road", "bridge", "harbour", "harbor", "port", "fort",
        "camp", "village", "town", "county", "province", "region", "district", "department", "ministry", "office",
        "house", "senate", "congress", "parliament", "council", "committee", "agency", "institute", "association",
        "organization", "organisation", "foundation", "group", "company", "bank", "post", "times", "news", "daily",
        "herald", "tribune", "guardian", "mail", "star", "sun", "globe", "journal", "press", "world", "national",
        "international", "federal", "royal", "christian", "muslim", "islamic", "catholic", "jewish", "god", "allah",
        "christmas", "easter", "ramadan", "eid", "olympic", "olympics", "internet", "web", "twitter", "facebook",
        "google", "apple", "amazon", "microsoft", "ebola", "zika", "sars", "mers", "aids", "hiv", "h1n1", "h5n1",
        "covid", "corona", "coronavirus", "flu", "influenza", "malaria", "cholera", "dengue", "polio", "measles",
        "avian", "swine", "spanish", "french", "german", "english", "us army", "who", "un", "eu", "nato", "opec",
        "cdc", "fao", "oie", "red cross", "red crescent", "health", "medical", "doctor", "doctors", "nurse", "patient",
        "trump", "obama", "bush", "smith", "johnson", "brown", "miller", "wilson", "moore",
        "taylor", "anderson", "thomas", "white", "martin", "thompson", "garcia", "martinez", "robinson", "clark",
        "lewis", "lee", "walker", "hall", "allen", "young", "king", "wright", "scott", "green", "baker", "adams",
        "nelson", "hill", "campbell", "mitchell", "roberts", "carter", "phillips", "evans", "turner", "torres",
        "parker", "collins", "edwards", "stewart", "morris", "murphy", "cook", "rogers", "morgan", "cooper", "peterson",
        "bailey", "reed", "kelly", "howard", "cox", "ward", "richardson", "watson", "brooks", "wood", "james", "bennett",
        "gray", "hughes", "price", "sanders", "myers", "long", "ross", "foster", "ali", "mohammed", "muhammad",
        "ahmed", "hassan", "hussein", "abdullah", "omar", "said", "says", "new", "old", "great", "little", "big",
        "good", "best", "first", "last", "next", "more", "most", "all", "one", "two", "three", "time", "day", "week",
        "year", "man", "woman", "people", "live", "home", "life", "love", "early", "late", "however", "according",
        "also", "after", "before", "during", "since", "while", "when", "where", "what", "who", "why", "how", "then",
        "there", "here", "this", "that", "these", "those", "such", "both", "each", "every", "other", "some", "many",
        "much", "no", "not", "yes", "ok", "okay", "but", "and", "or", "if", "so", "as", "at", "by", "for", "from",
        "in", "into", "of", "on", "to", "with", "about", "over", "under", "up", "down", "out", "off", "via", "per",
        "best", "media", "social", "public", "general", "major", "premier", "justice", "liberal", "labor", "labour",
        "conservative", "democrat", "republican", "democratic", "green", "greens", "reform", "tea", "gay", "black",
        "white", "red", "blue", "gold", "golden", "silver", "diamond", "crystal", "paradise", "eden", "heaven",
    };

    // Places that are also common first names or surnames: kept only when the sentence uses them as places.
    private static readonly HashSet<string> PersonLikeKeys = new(StringComparer.Ordinal)
    {
        "jordan", "chad", "florence", "lincoln", "madison", "jackson", "charlotte", "chelsea", "warren", "clinton",
        "hamilton", "victoria", "austin", "kent", "brooklyn", "regina", "beverly", "marion",
        "douglas", "franklin", "salem", "aurora", "eugene", "tyler", "troy", "vernon", "camden", "preston", "chester",
        "sherman", "stanley", "bradford", "burlington", "columbia", "mobile", "laredo", "santa", "homer", "milton",
    };

    // "University of Georgia", "Peanut Corporation of America": the place names an organisation, not a location.
    private static readonly HashSet<string> OrganisationsOf = new(StringComparer.Ordinal)
    {
        "University", "College", "Corporation", "Corp", "Order", "Bank", "Institute", "School", "Museum", "Journal",
        "Academy", "Society", "Church", "Archdiocese", "Diocese", "Republic", "Kingdom",
    };

    // "Michigan State University", "Los Angeles Times", "Kenya Broadcasting Corporation", "Auckland Zoo".
    private static readonly HashSet<string> OrganisationHeads = new(StringComparer.Ordinal)
    {
        "University", "College", "Times", "Post", "Journal", "Daily", "Herald", "Tribune", "Gazette", "Broadcasting",
        "Zoo", "Institute", "Airlines", "Airways", "Air", "Bank", "Telegraph", "Observer", "Star", "Sun", "Globe",
        "Chronicle", "Examiner", "Inquirer", "Courier", "Mail", "Express", "Record", "Register", "Press", "Review",
        "Standard", "Nation", "Club", "United", "City", "FC", "Rangers", "Stars", "Giants", "Raiders", "Kings", "Jets",
        "Department", "Postal", "Red",
    };

    private readonly Gazetteer _gazetteer;
    private readonly bool _demonyms;

    // US states (and DC) by their two-letter postal code: GeoNames files US states under that code.
    private readonly Dictionary<string, int> _postalCodes = new(StringComparer.Ordinal);

    public ToponymFinder(Gazetteer gazetteer, bool demonyms)
    {
        _gazetteer = gazetteer;
        _demonyms = demonyms;
        foreach (var e in gazetteer.Entries)
        {
            if (e.Kind == PlaceKind.Division1 && e.CountryCode == "US" && e.Admin1.Length == 2 && e.FeatureCode == "ADM1")
            {
                _postalCodes.TryAdd(e.Admin1, e.Index);
            }
        }
    }

    private static readonly string[] LocalInstitutions =
    [
        "Police", "Fire Department", "Fire Marshal", "Fire Rescue", "Sheriff", "Superior Court", "District Court",
        "Municipal Court", "Circuit Court", "County Court", "City Council", "Town Council", "County Council", "Board of Education",
        "School District", "City Hall", "Town Hall", "Mayor", "Township", "Board of Selectmen",
    ];

    /// <summary>
    /// "the New Milford Police Department", "Litchfield Superior Court", "Toronto Mayor John Tory": a town's own police,
    /// court, council or mayor names the town as the place the story happens, which local news does in most articles.
    /// Not "Public Schools" or "Fire Chief": GeoVirus's tuning half does not count the town in "Buffalo Public Schools".
    /// </summary>
    internal static bool LocalInstitutionAfter(string text, int end)
    {
        if (end >= text.Length || text[end] != ' ')
        {
            return false;
        }

        var after = text.AsSpan(end + 1);
        foreach (var head in LocalInstitutions)
        {
            if (after.StartsWith(head, StringComparison.Ordinal) && (after.Length == head.Length || !char.IsLetter(after[head.Length])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// "St. Michael's Hospital", "St. Peter's Square", "the church of St. Peter and St. Paul": a saint's name that a
    /// building, square or school is named after is not the town of that name. Only saint names: "Paris's mayor" is Paris.
    /// </summary>
    internal static bool IsSaintDedication(string text, ToponymCandidate candidate)
    {
        var name = candidate.Text;
        if (!name.StartsWith("St. ", StringComparison.Ordinal) && !name.StartsWith("St ", StringComparison.Ordinal) &&
            !name.StartsWith("Saint ", StringComparison.Ordinal))
        {
            return false;
        }

        var after = text.AsSpan(candidate.End);
        if (after.StartsWith("'s", StringComparison.Ordinal) || after.StartsWith("’s", StringComparison.Ordinal))
        {
            return true;
        }

        // "St. Peter and St. Paul" is a church's dedication only beside a church word: "St. Louis and St. Paul" are towns.
        var from = Math.Max(0, candidate.Start - 80);
        var window = text.AsSpan(from, Math.Min(text.Length, candidate.End + 80) - from);
        var churchNear = false;
        foreach (var word in (ReadOnlySpan<string>)["church", "cathedral", "basilica", "chapel", "parish", "monastery"])
        {
            churchNear |= window.Contains(word, StringComparison.OrdinalIgnoreCase);
        }

        if (churchNear && (after.StartsWith(" and St", StringComparison.Ordinal) || after.StartsWith(" and Saint ", StringComparison.Ordinal)))
        {
            return true;
        }

        var before = text.AsSpan(0, candidate.Start).TrimEnd(' ');
        if (churchNear && before.EndsWith(" and", StringComparison.Ordinal))
        {
            var previous = before[..^4].TrimEnd(' ');
            var space = previous.LastIndexOf(' ');
            var saint = previous[(space + 1)..];
            var beforeSaint = space < 0 ? [] : previous[..space];
            if (beforeSaint.EndsWith("St.", StringComparison.Ordinal) || beforeSaint.EndsWith("Saint", StringComparison.Ordinal) ||
                saint is "St." or "Saint")
            {
                return true;
            }
        }

        if (before.EndsWith(" of", StringComparison.Ordinal))
        {
            var head = LastWord(before[..^3]).ToLowerInvariant();
            return head is "church" or "cathedral" or "basilica" or "chapel" or "parish" or "abbey" or "monastery" or "shrine";
        }

        return false;
    }

    /// <summary>
    /// "Greenville, SC" and "Paris, TX": a two-letter postal code right after a place and its comma names the state
    /// (local news and datelines write them so). Alone, "IN", "OR", "ME" and "OK" are words, so only this position
    /// counts.
    /// </summary>
    private void AddPostalQualifiers(string text, List<ToponymCandidate> found)
    {
        var count = found.Count;
        for (var k = 0; k < count; k++)
        {
            var at = found[k].End;
            if (at + 4 > text.Length || text[at] != ',' || text[at + 1] != ' ' || !char.IsAsciiLetterUpper(text[at + 2]) ||
                !char.IsAsciiLetterUpper(text[at + 3]) || (at + 4 < text.Length && char.IsLetterOrDigit(text[at + 4])))
            {
                continue;
            }

            if (_postalCodes.TryGetValue(text.Substring(at + 2, 2), out var row) && !found.Any(c => c.Start == at + 2))
            {
                found.Add(new ToponymCandidate(at + 2, at + 4, text.Substring(at + 2, 2), PlaceNames.Key(text.Substring(at + 2, 2)), [row])
                {
                    KindHint = PlaceKind.Division1,
                });
            }
        }
    }

    /// <summary>Place names that are also people's names ("Jordan", "Chad", "Florence").</summary>
    internal static bool IsPersonLike(string key) => PersonLikeKeys.Contains(key);

    public List<ToponymCandidate> Find(string text)
    {
        var tokens = Tokenize(text);
        var found = new List<ToponymCandidate>();
        var i = 0;
        while (i < tokens.Count)
        {
            var t = tokens[i];
            if (!t.Capitalised || t.Text is "The")
            {
                i++;
                continue;
            }

            var match = LongestMatch(text, tokens, i);
            if (match is { } m)
            {
                var (candidate, length) = m;
                if (Accept(text, tokens, i, i + length - 1, candidate) && !IsSaintDedication(text, candidate))
                {
                    var lastToken = i + length - 1;
                    var institution = LocalInstitutionAfter(text, candidate.End);
                    found.Add(candidate with
                    {
                        NameContinues = !institution && lastToken + 1 < tokens.Count && tokens[lastToken + 1].Capitalised &&
                                        Adjacent(text, tokens, lastToken) && !tokens[lastToken].DotAfter &&
                                        !NameOpeners.Contains(tokens[lastToken + 1].Text) && !IsDateline(tokens[lastToken]),
                        NamePreceded = i > 0 && tokens[i - 1].Capitalised && Adjacent(text, tokens, i - 1) &&
                                       !NameOpeners.Contains(tokens[i - 1].Text) && !tokens[i - 1].DotAfter,
                        Locative = i > 0 && IsLocative(tokens, i),
                        SentenceInitial = t.SentenceInitial,
                        PlaceWordAfter = institution || (i + length < tokens.Count && IsPlaceWord(tokens[i + length].Text)),
                        KindHint = KindHintAround(text, candidate.Start, candidate.End),
                    });
                }

                i += length;
                continue;
            }

            // "Russian", "Turkish": a country named by its adjective, when the caller counts those as place mentions.
            if (_demonyms && _gazetteer.Demonym(PlaceNames.Key(t.Text)) is { } country && !StopKeys.Contains(PlaceNames.Key(t.Text)))
            {
                found.Add(new ToponymCandidate(t.Start, t.End, t.Text, PlaceNames.Key(t.Text), [country.Index]) { Demonym = true });
                i++;
                continue;
            }

            // A name the gazetteer lacks but the sentence marks as a place: "the city's al-Jadidah neighborhood".
            if (UnknownPlace(text, tokens, i) is { } unknown)
            {
                found.Add(unknown.Candidate);
                i += unknown.Length;
                continue;
            }

            // "Russia-Turkey ties", "US-led", "Calgary-North West": hyphenated words whose capitalised parts are places.
            if (t.Text.Contains('-', StringComparison.Ordinal))
            {
                var offset = 0;
                var parts = t.Text.Split('-');
                // "Agence France-Presse": a capitalised part that is no place makes the word a name, not a list of places.
                if (parts.Any(part => part.Length > 1 && char.IsUpper(part[0]) && _gazetteer.Find(PlaceNames.Key(part)).Count == 0 &&
                                      !NameOpeners.Contains(part)))
                {
                    i++;
                    continue;
                }

                foreach (var part in parts)
                {
                    if (part.Length > 1 && char.IsUpper(part[0]) && TryRows(text, t.Start + offset, t.Start + offset + part.Length, out var piece) &&
                        !StopKeys.Contains(piece.Key) && !IsPersonLike(piece.Key))
                    {
                        found.Add(piece with { SentenceInitial = t.SentenceInitial && offset == 0 });
                    }

                    offset += part.Length + 1;
                }

                i++;
                continue;
            }

            i++;
        }

        AddPostalQualifiers(text, found);
        LinkQualifiers(text, found);
        return found;
    }

    /// <summary>Candidate for a span the entity tagger marked as a place; its rows may be empty (not in the gazetteer).</summary>
    public ToponymCandidate FromSpan(string text, int start, int end)
    {
        var span = text[start..end];
        var key = PlaceNames.Key(span);
        IReadOnlyList<int> rows = _gazetteer.Find(key);
        if (rows.Count == 0 && key.EndsWith('.'))
        {
            rows = _gazetteer.Find(key.TrimEnd('.'));
        }

        if (_gazetteer.Demonym(key) is { } country && !rows.Any(r => _gazetteer.Entries[r].Population >= 100_000 ||
                _gazetteer.Entries[r].Kind is PlaceKind.Country or PlaceKind.Division1 or PlaceKind.Region))
        {
            // The tagger marked "Russian" or "Canadian" as a place: it means the country, not Canadian, Texas.
            rows = [country.Index];
        }

        var prev = LastWord(text.AsSpan(0, start));
        var after = text.AsSpan(end).TrimStart();
        var nextWord = after.Length > 0 ? FirstWord(after) : "";
        return new ToponymCandidate(start, end, span, key, rows)
        {
            FromEntity = true,
            Locative = LocativeWords.Contains(prev),
            PlaceWordAfter = IsPlaceWord(nextWord),
            KindHint = KindHintAround(text, start, end),
        };
    }

    /// <summary>What the words right around a name say about its kind; see <see cref="ToponymCandidate.KindHint"/>.</summary>
    internal static PlaceKind? KindHintAround(string text, int start, int end)
    {
        var after = text.AsSpan(end);
        var skipped = after.TrimStart(' ');
        if (skipped.Length < after.Length || skipped.Length == 0)
        {
            // Lower-case "state" only: "Washington State University" and "Ohio State" are names, not this cue.
            var next = FirstWordWithDot(skipped);
            if (next is "state" or "state's" or "Gov." or "Governor" or "governor" or "legislature" or "statehouse")
            {
                return PlaceKind.Division1;
            }
        }

        var before = text.AsSpan(0, start).TrimEnd(' ');
        if (before.EndsWith(" of", StringComparison.Ordinal))
        {
            var head = LastWord(before[..^3]);
            // "the town of Karak" says less: the town may be missing from the gazetteer while its district is not.
            if (head is "state" or "State")
            {
                return PlaceKind.Division1;
            }
        }

        return null;
    }

    private static string FirstWordWithDot(ReadOnlySpan<char> s)
    {
        var n = 0;
        while (n < s.Length && (char.IsLetter(s[n]) || s[n] is '\'' or '’'))
        {
            n++;
        }

        if (n < s.Length && s[n] == '.')
        {
            n++;
        }

        return s[..n].ToString().Replace('’', '\'');
    }

    /// <summary>Marks ", X" right after a candidate as its qualifier ("Paris, Texas"; "Pandi, Bulacan").</summary>
    public static void LinkQualifiers(string text, List<ToponymCandidate> found)
    {
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var k = 0; k + 1 < found.Count; k++)
        {
            var between = text.AsSpan(found[k].End, Math.Max(0, found[k + 1].Start - found[k].End));
            if (between.Trim().SequenceEqual(",") && between.Length <= 3)
            {
                found[k].Qualifier = k + 1;
            }
        }
    }

    private static string LastWord(ReadOnlySpan<char> s)
    {
        var end = s.Length;
        while (end > 0 && !char.IsLetter(s[end - 1]))
        {
            end--;
        }

        var start = end;
        while (start > 0 && char.IsLetter(s[start - 1]))
        {
            start--;
        }

        return s[start..end].ToString();
    }

    private static string FirstWord(ReadOnlySpan<char> s)
    {
        var n = 0;
        while (n < s.Length && char.IsLetter(s[n]))
        {
            n++;
        }

        return s[..n].ToString();
    }

    private (ToponymCandidate, int)? LongestMatch(string text, List<Token> tokens, int first)
    {
        var max = Math.Min(_gazetteer.MaxTokens, tokens.Count - first);
        for (var n = max; n >= 1; n--)
        {
            var last = first + n - 1;
            if (!Contiguous(text, tokens, first, last) || !tokens[last].Capitalised)
            {
                continue;
            }

            var inner = true;
            for (var k = first + 1; k < last && inner; k++)
            {
                inner = tokens[k].Capitalised || Connectors.Contains(tokens[k].Text);
            }

            if (!inner)
            {
                continue;
            }

            var start = tokens[first].Start;
            var end = tokens[last].End;
            // Abbreviations keep their final period ("U.S.", "Ky."), sentence ends do not.
            if (tokens[last].DotAfter && TryRows(text, start, end + 1, out var dotted))
            {
                return (dotted, n);
            }

            if (TryRows(text, start, end, out var plain))
            {
                return (plain, n);
            }
        }

        return null;
    }

    private bool TryRows(string text, int start, int end, out ToponymCandidate candidate)
    {
        var span = text[start..end];
        var key = PlaceNames.Key(span);
        var rows = _gazetteer.Find(key);
        candidate = new ToponymCandidate(start, end, span, key, rows);
        return rows.Count > 0;
    }

    private static bool Accept(string text, List<Token> tokens, int first, int last, ToponymCandidate candidate)
    {
        var single = first == last;
        if (single && StopKeys.Contains(candidate.Key))
        {
            return false;
        }

        if (single && tokens[first].Text.Length == 1)
        {
            return false;
        }

        // All-capital words in a headline-like run ("WHO", "IN") are not places unless they are known abbreviations.
        if (candidate.Text.Length <= 3 && candidate.Text.All(char.IsUpper) && candidate.Text is not ("UK" or "US" or "USA" or "UAE" or "DRC" or "NSW" or "NYC" or "PRC" or "BC" or "DC" or "QLD" or "PEI"))
        {
            return false;
        }

        if (first >= 2 && tokens[first - 1].Text == "of" && OrganisationsOf.Contains(tokens[first - 2].Text))
        {
            return false;
        }

        // "Fire Department" after a town is its own service (see LocalInstitutionAfter), not a ministry's name.
        for (var k = last + 1; k < Math.Min(tokens.Count, last + 3) && tokens[k].Capitalised && Adjacent(text, tokens, k - 1) &&
                               !LocalInstitutionAfter(text, candidate.End); k++)
        {
            if (OrganisationHeads.Contains(tokens[k].Text) && !(tokens[k].Text == "City" && k == last + 1))
            {
                return false;
            }
        }

        // "US$460 million" is a currency.
        if (candidate.End < text.Length && text[candidate.End] == '$')
        {
            return false;
        }

        return true;
    }

    private (ToponymCandidate Candidate, int Length)? UnknownPlace(string text, List<Token> tokens, int first)
    {
        var last = first;
        while (last + 1 < tokens.Count && last - first < 3 && tokens[last + 1].Capitalised &&
               Contiguous(text, tokens, last, last + 1))
        {
            last++;
        }

        // "the village of Cellardyke", "the town of Qatraneh"
        var introduced = first >= 2 && tokens[first - 1].Text == "of" && IsPlaceWord(tokens[first - 2].Text) &&
                         tokens[first - 2].Text is not ("state" or "area" or "region" or "camp" or "refugee");
        if (NameOpeners.Contains(tokens[first].Text) ||
            (!introduced && (last + 1 >= tokens.Count || !Contiguous(text, tokens, last, last + 1) || !IsPlaceWord(tokens[last + 1].Text))))
        {
            return null;
        }

        var start = tokens[first].Start;
        var end = tokens[last].End;
        var span = text[start..end];
        var key = PlaceNames.Key(span);
        if (StopKeys.Contains(key))
        {
            return null;
        }

        return (new ToponymCandidate(start, end, span, key, []) { PlaceWordAfter = true, Locative = IsLocative(tokens, first) },
            last - first + 1);
    }

    private static bool IsLocative(List<Token> tokens, int i)
    {
        if (i == 0)
        {
            return false;
        }

        var prev = tokens[i - 1].Text;
        if (LocativeWords.Contains(prev))
        {
            return true;
        }

        // "in the Baltic Sea", "across the West Midlands"
        if (i >= 2 && prev is "the" && LocativeWords.Contains(tokens[i - 2].Text))
        {
            return true;
        }

        // "in the city of X", "in the town of X"
        return i >= 2 && string.Equals(tokens[i - 2].Text, "the", StringComparison.OrdinalIgnoreCase) && prev is "city" or "town" or "village";
    }

    private static bool IsPlaceWord(string word) => word.ToLowerInvariant() is
        "neighborhood" or "neighbourhood" or "district" or "village" or "suburb" or "province" or "governorate" or
        "region" or "area" or "town" or "township" or "county" or "prefecture" or "municipality" or "quarter" or
        "camp" or "refugee" or "state" or "city" or "villages" or "towns" or "community" or "island" or "hamlet";

    /// <summary>Token <paramref name="a"/> and the next one are one name: contiguous, and no possessive between them.</summary>
    private static bool Adjacent(string text, List<Token> tokens, int a) =>
        Contiguous(text, tokens, a, a + 1) && text.AsSpan(tokens[a].End, tokens[a + 1].Start - tokens[a].End).IndexOfAny('\'', '’') < 0;

    private static bool Contiguous(string text, List<Token> tokens, int a, int b)
    {
        for (var k = a; k < b; k++)
        {
            var gap = text.AsSpan(tokens[k].End, tokens[k + 1].Start - tokens[k].End);
            if (gap is "'s " or "’s ")
            {
                // "People's Republic of China", "Queen Anne's County": a possessive inside a name.
                continue;
            }

            if (gap.Length == 0 || gap.Length > 2 || gap.ContainsAny('\n', '\r'))
            {
                // A period inside "St. Louis" or "Washington, D.C." sits in the gap; only ". " after an abbreviation passes.
                if (!(tokens[k].DotAfter && gap is ". " && tokens[k].Text.Length <= 3))
                {
                    return false;
                }

                continue;
            }

            foreach (var c in gap)
            {
                if (c != ' ' && c != '\u00a0' && !(c == '.' && tokens[k].DotAfter && tokens[k].Text.Length <= 3))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private readonly record struct Token(int Start, int End, string Text, bool Capitalised, bool SentenceInitial, bool DotAfter);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        var sentenceStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (c is '.' or '!' or '?' or '\n' or ':' or '"' or '“')
                {
                    // A period after a short capitalised abbreviation ("Mr.", "U.S.") does not end the sentence.
                    sentenceStart = c != '.' || tokens.Count == 0 || !IsAbbreviation(tokens[^1].Text);
                }

                i++;
                continue;
            }

            var start = i;
            while (i < text.Length)
            {
                var ch = text[i];
                if (char.IsLetterOrDigit(ch))
                {
                    i++;
                }
                else if (ch is '.' or '-' or '\'' or '’' && i + 1 < text.Length && char.IsLetter(text[i + 1]) &&
                         !(ch is '\'' or '’' && (text[i + 1] is 's' or 'S') && (i + 2 >= text.Length || !char.IsLetter(text[i + 2]))))
                {
                    // Internal period ("U.S"), hyphen ("al-Jadidah") or apostrophe ("N'Djamena"), but not a possessive.
                    i++;
                }
                else
                {
                    break;
                }
            }

            var word = text[start..i];
            var dotAfter = i < text.Length && text[i] == '.';
            tokens.Add(new Token(start, i, word, IsCapitalised(word), sentenceStart, dotAfter));
            sentenceStart = false;
            if (i + 1 < text.Length && text[i] is '\'' or '’' && text[i + 1] is 's' or 'S' &&
                (i + 2 >= text.Length || !char.IsLetterOrDigit(text[i + 2])))
            {
                // The possessive "'s" is not a word of its own; it stays in the gap ("People's Republic").
                i += 2;
            }
        }

        return tokens;
    }

    // "DETROIT — The U.S. …": an all-capital dateline place is followed by the story's first capitalised word.
    private static bool IsDateline(Token t) => t.Text.Length > 3 && t.Text.All(c => !char.IsLower(c));

    private static bool IsAbbreviation(string word) =>
        word.Length <= 4 && char.IsUpper(word[0]) && (word.Contains('.', StringComparison.Ordinal) || word.Length <= 3);

    private static bool IsCapitalised(string word)
    {
        if (char.IsUpper(word[0]))
        {
            return true;
        }

        // French elisions inside names: "Côte d'Ivoire", "Val-d'Oise".
        if (word.Length > 2 && word[0] is 'd' or 'l' && word[1] is '\'' or '’' && char.IsUpper(word[2]))
        {
            return true;
        }

        // Arabic article prefixes: "al-Jadidah", "el-Arish", "ash-Shura".
        var hyphen = word.IndexOf('-', StringComparison.Ordinal);
        return hyphen is >= 2 and <= 3 && hyphen + 1 < word.Length && char.IsUpper(word[hyphen + 1]) &&
               word[..hyphen] is "al" or "el" or "as" or "ash" or "ad" or "ar" or "at" or "az" or "an" or "ath" or "adh";
    }
}
