using Herald.Model;

namespace Herald.Annotate;

/// <summary>
/// A rule-based fallback entity recognizer for when no trained tagger is plugged in: personal titles ("Col.", "President")
/// introduce people, a hand-written table finds countries and their adjectives, a short list and organisation head
/// words ("Ministry", "Party", "Command") find organisations, and remaining capitalised sequences become people
/// (two or more words), places (after "in", "near", "from") or other names. Surnames seen earlier in the text
/// resolve back to the full name ("Scrocca" → "Joseph Scrocca"). Precision is decent on news; recall on single
/// unfamiliar words is weak, which is why the trained tagger replaces it when present.
/// </summary>
public sealed class CapitalisedNameFinder : IEntityRecognizer
{
    // Titles that introduce a person's name; multi-word titles are matched on their last word after the others.
    private static readonly HashSet<string> Titles = new(StringComparer.Ordinal)
    {
        "President", "Col.", "Colonel", "Gen.", "General", "Lt.", "Lieutenant", "Maj.", "Major", "Capt.", "Captain", "Sgt.",
        "Sergeant", "Adm.", "Admiral", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Professor", "Sen.", "Senator", "Rep.",
        "Representative", "Gov.", "Governor", "Minister", "Secretary", "Chancellor", "Premier", "King", "Queen", "Prince",
        "Princess", "Pope", "Sheikh", "Judge", "Justice", "Ambassador", "Mayor", "Chairman", "Chairwoman", "Speaker",
        "Commander", "Gens.", "Brig.", "Cpl.", "Pvt.", "Rev.", "Father", "Imam", "Ayatollah", "Emir", "Sultan", "Spokesman",
        "Spokeswoman", "Director", "Chief", "Officer", "Leader", "Vice", "Deputy", "Attorney", "Inspector", "Detective",
    };

    private static readonly HashSet<string> OrgHeads = new(StringComparer.Ordinal)
    {
        "Ministry", "Department", "Party", "Council", "Army", "Command", "Forces", "Force", "Agency", "Committee", "Commission",
        "Court", "Bank", "University", "Corp", "Corp.", "Inc", "Inc.", "Company", "Group", "News", "Times", "Post", "Association",
        "Organization", "Organisation", "Union", "Institute", "Foundation", "Office", "Service", "Services", "Administration",
        "Police", "Guard", "Guards", "Parliament", "Assembly", "Congress", "Senate", "Coalition", "Front", "Brigade", "Brigades",
        "Movement", "Network", "Church", "Hospital", "School", "Airlines", "Motors", "Navy", "Corps", "Bureau", "Authority",
        "Federation", "Club", "Society", "Fund", "Journal", "Telegraph", "Herald", "Tribune", "Press", "Media", "Reserve",
        "Ltd", "Ltd.", "LLC", "Co.", "Board", "Cabinet", "Federal", "Republicans", "Democrats", "Secretariat",
    };

    private static readonly HashSet<string> PlaceHeads = new(StringComparer.Ordinal)
    {
        "City", "Province", "River", "Street", "Mountains", "Island", "Islands", "County", "Valley", "Sea", "Ocean", "Gulf",
        "Bay", "Lake", "Desert", "Region", "District", "Square", "Avenue", "Peninsula", "Strait", "Coast", "Heights", "East",
    };

    private static readonly Dictionary<string, EntityType> KnownNames = new(StringComparer.Ordinal)
    {
        ["Pentagon"] = EntityType.Org, ["NATO"] = EntityType.Org, ["CNN"] = EntityType.Org, ["ISIS"] = EntityType.Org,
        ["ISIL"] = EntityType.Org, ["Islamic State"] = EntityType.Org, ["United Nations"] = EntityType.Org, ["UN"] = EntityType.Org,
        ["U.N."] = EntityType.Org, ["European Union"] = EntityType.Org, ["EU"] = EntityType.Org, ["White House"] = EntityType.Org,
        ["Kremlin"] = EntityType.Org, ["Congress"] = EntityType.Org, ["Senate"] = EntityType.Org, ["Hamas"] = EntityType.Org,
        ["Hezbollah"] = EntityType.Org, ["Taliban"] = EntityType.Org, ["al-Qaeda"] = EntityType.Org, ["Al Qaeda"] = EntityType.Org,
        ["Reuters"] = EntityType.Org, ["AP"] = EntityType.Org, ["BBC"] = EntityType.Org, ["FBI"] = EntityType.Org,
        ["CIA"] = EntityType.Org, ["Red Cross"] = EntityType.Org, ["Amnesty International"] = EntityType.Org,
        ["Human Rights Watch"] = EntityType.Org, ["Middle East"] = EntityType.Place, ["Europe"] = EntityType.Place,
        ["Africa"] = EntityType.Place, ["Asia"] = EntityType.Place, ["Twitter"] = EntityType.Org, ["Facebook"] = EntityType.Org,
        ["Google"] = EntityType.Org, ["Democrat"] = EntityType.Other, ["Republican"] = EntityType.Other,
        ["Muslim"] = EntityType.Other, ["Christian"] = EntityType.Other, ["Kurdish"] = EntityType.Other, ["Kurds"] = EntityType.Other,
        ["Sunni"] = EntityType.Other, ["Shiite"] = EntityType.Other, ["Arab"] = EntityType.Other,
    };

    // Capitalised words that are not names on their own: sentence starters, calendar words, pronouns.
    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "and", "but", "or", "so", "yet", "in", "on", "at", "to", "for", "of", "by", "with", "from", "as",
        "after", "before", "since", "while", "when", "where", "what", "who", "why", "how", "which", "that", "this", "these",
        "those", "there", "here", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "my",
        "your", "last", "next", "first", "second", "third", "two", "three", "four", "five", "one", "some", "many", "most",
        "all", "both", "each", "every", "no", "not", "if", "then", "than", "also", "according", "meanwhile", "however",
        "still", "even", "just", "only", "other", "another", "such", "more", "less", "despite", "during", "under", "over",
        "about", "against", "among", "between", "through", "without", "within", "because", "although", "though", "unless",
        "until", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
        "april", "may", "june", "july", "august", "september", "october", "november", "december", "today", "yesterday",
        "tomorrow", "earlier", "later", "now", "sources", "officials", "police", "several", "few", "any", "do", "does", "did",
        "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "could", "should", "can", "may",
        "must", "we're", "it's", "that's", "i'm", "don't", "let", "yes", "oh", "well", "instead", "indeed", "asked",
        "sunday's", "monday's", "tuesday's", "wednesday's", "thursday's", "friday's", "saturday's", "view", "read", "related",
    };

    private static readonly HashSet<string> PlacePrepositions = new(StringComparer.OrdinalIgnoreCase)
    {
        "in", "near", "from", "at", "to", "outside", "across", "into", "toward", "towards",
    };

    private static readonly HashSet<string> Connectors = new(StringComparer.Ordinal) { "of", "for", "the", "de", "al", "bin", "van", "von", "la", "del", "da" };

    // Words that complete a title after "of": "Secretary of State", "Minister of Defense", "Chief of Staff".
    private static readonly HashSet<string> TitleObjects = new(StringComparer.Ordinal)
    {
        "State", "Defense", "Defence", "Staff", "Treasury", "Justice", "Homeland", "Security", "Energy", "Agriculture",
        "Commerce", "Labor", "Education", "Health", "Finance", "Interior", "Foreign", "Affairs", "the", "Transportation",
    };

    public IReadOnlyList<EntityMention> Recognize(string text) => Recognize(TextUnits.Of(text));

    internal IReadOnlyList<EntityMention> Recognize(TextUnits units)
    {
        var text = units.Text;
        var tokens = units.Tokens;
        var found = new List<EntityMention>();
        var surnames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sentence in units.Sentences)
        {
            var end = sentence.FirstToken + sentence.TokenCount;
            var i = sentence.FirstToken;
            while (i < end)
            {
                var t = tokens[i];
                if (!t.IsCapitalised || NotNames.Contains(Bare(t.Text)))
                {
                    i++;
                    continue;
                }

                // Countries, adjectives and capitals, longest match first ("United States" before "United").
                if (TryCountry(units, i, end, found, out var next))
                {
                    i = next;
                    continue;
                }

                // A title starts a person: "Col. Joseph Scrocca", "Secretary of State Rex Tillerson".
                var j = i;
                while (j < end && Titles.Contains(tokens[j].Text))
                {
                    j++;
                    if (j + 1 < end && tokens[j].Is("of") && TitleObjects.Contains(tokens[j + 1].Text))
                    {
                        j += 2;
                        while (j < end && TitleObjects.Contains(tokens[j].Text) && j + 1 < end && tokens[j + 1].IsCapitalised)
                        {
                            j++;
                        }
                    }
                }

                var runStart = j;
                var k = j;
                while (k < end && IsNameWord(tokens[k]))
                {
                    k++;
                    if (k < end - 1 && Connectors.Contains(tokens[k].Text) && IsNameWord(tokens[k + 1]) && !IsTitleRun(tokens, k + 1, end))
                    {
                        k++;
                    }
                }

                if (j > i && k > runStart)
                {
                    // Title then name: the person is the name; the mention text keeps the title.
                    var name = Join(text, tokens, runStart, k);
                    found.Add(new EntityMention(text[tokens[i].Start..EndWithoutPossessive(tokens[k - 1])], EntityType.Person,
                        tokens[i].Start, EndWithoutPossessive(tokens[k - 1]), name));
                    var last = Bare(tokens[k - 1].Text);
                    surnames[last] = name;
                    i = k;
                    continue;
                }

                if (k == i)
                {
                    i++;
                    continue;
                }

                // A title inside the run ("Defense Minister Anna Berg"): the person is the name after it.
                var lastTitle = -1;
                for (var x = i; x < k - 1; x++)
                {
                    if (Titles.Contains(tokens[x].Text))
                    {
                        lastTitle = x;
                    }
                }

                if (lastTitle >= 0 && k - lastTitle - 1 is >= 1 and <= 3 && !Enumerable.Range(i, k - i).Any(x => OrgHeads.Contains(Bare(tokens[x].Text))))
                {
                    var name = Join(text, tokens, lastTitle + 1, k);
                    found.Add(new EntityMention(text[tokens[i].Start..EndWithoutPossessive(tokens[k - 1])], EntityType.Person,
                        tokens[i].Start, EndWithoutPossessive(tokens[k - 1]), name));
                    surnames[Bare(tokens[k - 1].Text)] = name;
                    i = k;
                    continue;
                }

                var phrase = Join(text, tokens, i, k);
                var start = tokens[i].Start;
                var stop = EndWithoutPossessive(tokens[k - 1]);
                var words = k - i;
                EntityType type;
                var normal = phrase;
                if (KnownNames.TryGetValue(phrase, out var known))
                {
                    type = known;
                }
                else if (Enumerable.Range(i, words).Any(x => OrgHeads.Contains(Bare(tokens[x].Text))) || IsAcronym(tokens[i].Text))
                {
                    type = EntityType.Org;
                }
                else if (PlaceHeads.Contains(Bare(tokens[k - 1].Text)))
                {
                    type = EntityType.Place;
                }
                else if (words == 1 && surnames.TryGetValue(Bare(tokens[i].Text), out var full))
                {
                    type = EntityType.Person;
                    normal = full;
                }
                else if (i > sentence.FirstToken && PlacePrepositions.Contains(tokens[i - 1].Text))
                {
                    type = EntityType.Place;
                }
                else if (words >= 2 && words <= 4 && Enumerable.Range(i, words).All(x => tokens[x].IsCapitalised))
                {
                    type = EntityType.Person;
                    surnames[Bare(tokens[k - 1].Text)] = phrase;
                }
                else
                {
                    type = EntityType.Other;
                }

                found.Add(new EntityMention(text[start..stop], type, start, stop, normal));
                i = k;
            }
        }

        return found;
    }

    private static bool TryCountry(TextUnits units, int i, int end, List<EntityMention> found, out int next)
    {
        var tokens = units.Tokens;
        var text = units.Text;
        for (var n = Math.Min(CountryLexicon.MaxWords, end - i); n >= 1; n--)
        {
            var phrase = Bare(Join(text, tokens, i, i + n));
            // "US-led", "Russian-backed": the country is the part before the hyphen.
            var hyphen = n == 1 ? phrase.IndexOf('-', StringComparison.Ordinal) : -1;
            if (hyphen > 0 && !CountryLexicon.TryFind(phrase, out _, out _, out _))
            {
                phrase = phrase[..hyphen];
            }

            if (CountryLexicon.TryFind(phrase, out var country, out var demonym, out var capital))
            {
                var start = tokens[i].Start;
                var stop = start + phrase.Length;
                found.Add(new EntityMention(text[start..stop], demonym ? EntityType.Other : EntityType.Place, start, stop,
                    demonym ? phrase : capital ? phrase : country.Name));
                next = i + n;
                return true;
            }
        }

        next = i;
        return false;
    }

    private static bool IsTitleRun(IReadOnlyList<Token> tokens, int k, int end) => k < end && Titles.Contains(tokens[k].Text);

    private static bool IsNameWord(Token t) =>
        t.IsWord && t.IsCapitalised && !NotNames.Contains(Bare(t.Text)) && !(t.Text.Length > 1 && t.Text.All(char.IsDigit));

    private static bool IsAcronym(string w) => w.Length is >= 2 and <= 6 && w.All(c => char.IsUpper(c) || c == '.');

    /// <summary>Token text without a possessive "'s".</summary>
    internal static string Bare(string w) =>
        w.EndsWith("'s", StringComparison.Ordinal) || w.EndsWith("\u2019s", StringComparison.Ordinal) ? w[..^2] :
        w.EndsWith('\'') || w.EndsWith('\u2019') ? w[..^1] : w;

    /// <summary><see cref="Bare(string)"/> of a span, for look-ups that need no string.</summary>
    internal static ReadOnlySpan<char> Bare(ReadOnlySpan<char> w) =>
        w.EndsWith("'s", StringComparison.Ordinal) || w.EndsWith("\u2019s", StringComparison.Ordinal) ? w[..^2] :
        w.EndsWith('\'') || w.EndsWith('\u2019') ? w[..^1] : w;

    private static int EndWithoutPossessive(Token t) => t.Start + Bare(t.Text).Length;

    private static string Join(string text, IReadOnlyList<Token> tokens, int from, int to) =>
        Bare(text[tokens[from].Start..EndWithoutPossessive(tokens[to - 1])]);
}
