using System.Globalization;
using System.Text;
using Herald.Model;
using Herald.Pipeline;
using static Herald.Publish.Gdelt.GdeltFields;

namespace Herald.Publish.Gdelt;

/// <summary>The three GDELT 2.0 tables Herald writes.</summary>
public enum GdeltTable
{
    /// <summary>Events 2.0: 61 tab-separated columns, one row per CAMEO event.</summary>
    Events,

    /// <summary>Mentions: 16 columns, one row per document that mentions an event.</summary>
    Mentions,

    /// <summary>Global Knowledge Graph 2.1: 27 columns, one row per document.</summary>
    Gkg,
}

/// <summary>
/// One stored document as GDELT 2.0 rows, laid out as the Event 2.0 and GKG 2.1 codebooks give them (docs/GDELT.md
/// says how each column is filled). An original gives its events, a mention of each, and a GKG record; a copy gives
/// a mention of each of its original's events (the events themselves were written with the original).
/// </summary>
public sealed class GdeltDocument
{
    public const int EventColumns = 61;
    public const int MentionColumns = 16;
    public const int GkgColumns = 27;

    private static readonly HashSet<string> Pronouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
        "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them",
        "their", "theirs", "themselves",
    };

    private static readonly HashSet<string> ActorTypes = new(StringComparer.Ordinal)
    {
        "GOV", "MIL", "COP", "REB", "OPP", "LEG", "JUD", "MED", "BUS", "CVL", "REF", "PTY", "SPY", "UAF", "INS", "SEP", "AGR",
        "CRM", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "MOD", "RAD", "IGO", "NGO", "IMG", "NGM", "INT", "SET",
    };

    private static readonly HashSet<string> Religions = new(StringComparer.Ordinal)
    {
        "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "ENG", "EVA", "FRM", "HIN", "HSD", "ITR", "JAN",
        "JEW", "JHW", "LDS", "MOS", "MRN", "NRM", "ORT", "PRO", "SFI", "SHI", "SHN", "SIK", "SUN", "TAO", "UDX", "ZRO",
    };

    private readonly AnnotatedArticle _doc;
    private readonly ArticleAnnotations _notes;
    private readonly GdeltGeography _geo = GdeltGeography.Instance;

    public GdeltDocument(AnnotatedArticle doc)
    {
        _doc = doc;
        _notes = AnnotationJson.Parse(doc.AnnotationsJson);
    }

    private Article A => _doc.Article;

    private bool IsCopy => A.DuplicateOf is not null;

    private string OriginalId => A.DuplicateOf ?? A.Id;

    private DateTimeOffset Seen => A.FirstSeen ?? A.Published ?? DateTimeOffset.UnixEpoch;

    /// <summary>DATEADDED of the events: the 15-minute update in which the original was first seen.</summary>
    private string EventAdded => Stamp(Batch(IsCopy ? _doc.OriginalFirstSeen ?? Seen : Seen));

    public int EventCount => _notes.Events.Count;

    public IEnumerable<string> Rows(GdeltTable table) => table switch
    {
        GdeltTable.Events => EventRows(),
        GdeltTable.Mentions => MentionRows(),
        _ => GkgRow() is { } row ? [row] : [],
    };

    /// <summary>Event 2.0 rows; none for a copy.</summary>
    public IEnumerable<string> EventRows()
    {
        if (IsCopy)
        {
            yield break;
        }

        var when = (A.Published ?? Seen).UtcDateTime;
        var mentions = 1 + _doc.Copies;
        var tone = _notes.Tone?.Tone ?? 0;
        for (var i = 0; i < _notes.Events.Count; i++)
        {
            var e = _notes.Events[i];
            var f = new List<string>(EventColumns)
            {
                Int(EventId(OriginalId, i)),
                when.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                when.ToString("yyyyMM", CultureInfo.InvariantCulture),
                when.ToString("yyyy", CultureInfo.InvariantCulture),
                FractionDate(when),
            };
            Actor(f, e.Source, e.SourceText);
            Actor(f, e.Target, e.TargetText);
            var (_, sentenceStart) = Locate(e);
            f.Add(IsRootEvent(sentenceStart) ? "1" : "0");
            f.Add(e.Code);
            f.Add(e.Code.Length > 3 ? e.Code[..3] : e.Code);
            f.Add(e.Code.Length > 2 ? e.Code[..2] : e.Code);
            f.Add(Int(e.QuadClass));
            f.Add(Num(e.Goldstein));
            f.Add(Int(mentions));
            f.Add(Int(1 + _doc.CopyOutlets));
            f.Add(Int(mentions));
            f.Add(Num(tone));
            Geo(f, ActorPlace(e.Source, e.Sentence));
            Geo(f, ActorPlace(e.Target, e.Sentence));
            Geo(f, ActionPlace(e));
            f.Add(EventAdded);
            f.Add(DocumentIdentifier);
            yield return string.Join('\t', f);
        }
    }

    /// <summary>Mention rows: one per event, for an original and for each copy (its original's events).</summary>
    public IEnumerable<string> MentionRows()
    {
        var text = A.Text;
        for (var i = 0; i < _notes.Events.Count; i++)
        {
            var e = _notes.Events[i];
            var (sentenceId, start) = Locate(e);
            var a1 = Offset(start, e.Sentence, e.SourceText);
            var a2 = Offset(start, e.Sentence, e.TargetText);
            var raw = start >= 0 && a1 >= 0 && a2 >= 0;
            string[] f =
            [
                Int(EventId(OriginalId, i)),
                EventAdded,
                Stamp(Batch(Seen)),
                A.Url is null ? "2" : "1",
                SourceName,
                DocumentIdentifier,
                Int(sentenceId),
                Int(a1),
                Int(a2),
                Int(start),
                raw ? "1" : "0",
                raw ? "100" : start >= 0 ? "50" : "10",
                Int(text.Length),
                Num(_notes.Tone?.Tone ?? 0),
                "",
                "",
            ];
            yield return string.Join('\t', f);
        }
    }

    /// <summary>The GKG 2.1 record of an original; null for a copy.</summary>
    public string? GkgRow()
    {
        if (IsCopy)
        {
            return null;
        }

        var n = _notes;
        var people = n.Entities.Where(x => x.Type == EntityType.Person).ToList();
        var orgs = n.Entities.Where(x => x.Type == EntityType.Org).ToList();
        var places = n.Places.Select(p => (Place: p, Geo: _geo.Resolve(p))).Where(x => x.Geo is not null).ToList();
        string[] f =
        [
            Stamp(Batch(Seen)) + "-" + Int(_doc.Seq),
            Stamp(A.Published ?? Seen),
            A.Url is null ? "2" : "1",
            SourceName,
            DocumentIdentifier,
            "",
            "",
            "",
            "",
            string.Join(';', places.DistinctBy(x => x.Geo!.FullName).Select(x => V1Location(x.Geo!))),
            string.Join(';', places.Select(x => V2Location(x.Geo!, x.Place.Start))),
            string.Join(';', people.Select(p => Nested(p.Name, ";,").ToLowerInvariant()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)),
            string.Join(';', people.Select(p => Nested(p.Name, ";,") + "," + Int(p.Start))),
            string.Join(';', orgs.Select(p => Nested(p.Name, ";,").ToLowerInvariant()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)),
            string.Join(';', orgs.Select(p => Nested(p.Name, ";,") + "," + Int(p.Start))),
            Tone(),
            string.Join(';', n.Dates.Select(EnhancedDate).OfType<string>()),
            n.Tone is { } t ? "wc:" + Int(t.WordCount) : "",
            Clean(A.Image),
            "",
            "",
            "",
            string.Join('#', n.Quotes.Select(Quotation)),
            string.Join(';', n.Entities.Select(x => Nested(x.Name, ";,") + "," + Int(x.Start))),
            string.Join(';', n.Amounts.Select(m => Num(m.Value) + "," + Nested(m.Object, ";,") + "," + Int(m.Start))),
            "",
            Extras(),
        ];
        return string.Join('\t', f);
    }

    private string SourceName => Nested(Domain(A.Url) ?? A.Outlet, "");

    /// <summary>The URL, or for an item without one (a listing's related post) a textual citation, as GDELT's collection 2.</summary>
    private string DocumentIdentifier => A.Url is { } url
        ? Clean(url)
        : Clean($"{A.Outlet ?? "unknown outlet"}: {A.Title}" + (A.Published is { } p ? " (" + p.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")" : ""));

    private static string FractionDate(DateTime d)
    {
        var days = DateTime.IsLeapYear(d.Year) ? 366.0 : 365.0;
        return (d.Year + Math.Min(d.DayOfYear / days, 0.9999)).ToString("0.0000", CultureInfo.InvariantCulture);
    }

    /// <summary>Actor code, name, country, known group, ethnic, two religions, three types: the CAMEO code in its parts.</summary>
    private void Actor(List<string> f, string code, string? text)
    {
        string country = "", group = "", religion1 = "", religion2 = "";
        var types = new List<string>(3);
        var rest = code;
        if (rest.Length >= 3 && _geo.IsCountryIso3(rest[..3]))
        {
            country = rest[..3];
            rest = rest[3..];
        }

        while (rest.Length > 0)
        {
            var part = rest.Length >= 3 ? rest[..3] : rest;
            rest = rest[part.Length..];
            if (ActorTypes.Contains(part) && types.Count < 3)
            {
                types.Add(part);
            }
            else if (Religions.Contains(part) && religion2.Length == 0)
            {
                if (religion1.Length == 0)
                {
                    religion1 = part;
                }
                else
                {
                    religion2 = part;
                }
            }
            else
            {
                group = part;
            }
        }

        var name = text is { Length: > 0 } ? text : country.Length > 0 ? _geo.CountryOfIso3(country)!.Value.Name : code;
        f.Add(code);
        f.Add(Clean(name).ToUpperInvariant());
        f.Add(country);
        f.Add(group);
        f.Add("");
        f.Add(religion1);
        f.Add(religion2);
        for (var i = 0; i < 3; i++)
        {
            f.Add(i < types.Count ? types[i] : "");
        }
    }

    private static void Geo(List<string> f, GdeltPlace? p)
    {
        if (p is null)
        {
            f.AddRange(["0", "", "", "", "", "", "", ""]);
            return;
        }

        f.AddRange([Int(p.Type), Clean(p.FullName), p.CountryCode, p.Adm1Code, "", Num(p.Lat), Num(p.Lon), p.FeatureId]);
    }

    /// <summary>An actor's geography: its country, where the article names it (Herald places actors by country only).</summary>
    private GdeltPlace? ActorPlace(string code, string sentence)
    {
        if (code.Length < 3 || _geo.CountryOfIso3(code[..3]) is not { } country)
        {
            return null;
        }

        var inSentence = Locate(sentence) is var (start, _) && start >= 0;
        PlaceMention? best = null;
        foreach (var p in _notes.Places)
        {
            if (p.CountryCode == country.Iso2 && p.GeonameId is null && string.Equals(p.Name, country.Name, StringComparison.OrdinalIgnoreCase))
            {
                best = p;
                break;
            }

            if (best is null && p.CountryCode == country.Iso2 && inSentence)
            {
                best = p;
            }
        }

        return best is null ? null : _geo.Resolve(best);
    }

    /// <summary>The action's geography: the place Herald's event coder attached to the event (the sentence's place).</summary>
    private GdeltPlace? ActionPlace(EventMention e)
    {
        if (e.Place is null)
        {
            return null;
        }

        var (start, end) = Locate(e.Sentence);
        var match = _notes.Places.FirstOrDefault(p => p.Name == e.Place && p.Start >= start && p.End <= end)
            ?? _notes.Places.FirstOrDefault(p => p.Name == e.Place);
        return match is null ? null : _geo.Resolve(match);
    }

    private (int Start, int End) Locate(string sentence)
    {
        var i = sentence.Length == 0 ? -1 : A.Text.IndexOf(sentence, StringComparison.Ordinal);
        return (i, i < 0 ? -1 : i + sentence.Length);
    }

    /// <summary>The event's sentence number (1 = first) and its character offset in this document; (1, -1) when it is not found.</summary>
    private (int SentenceId, int Start) Locate(EventMention e)
    {
        var (start, _) = Locate(e.Sentence);
        return start < 0 ? (1, -1) : (1 + SentenceEnds(A.Text, start), start);
    }

    private static int SentenceEnds(string text, int until)
    {
        var n = 0;
        for (var i = 0; i < until - 1; i++)
        {
            var c = text[i];
            var next = text[i + 1];
            if ((c is '.' or '!' or '?' && char.IsWhiteSpace(next)) || (c == '\n' && next == '\n' && i > 0 && text[i - 1] is not ('.' or '!' or '?' or '\n')))
            {
                n++;
            }
        }

        return n;
    }

    private bool IsRootEvent(int sentenceStart)
    {
        if (sentenceStart < 0)
        {
            return false;
        }

        var lead = A.Text.IndexOf("\n\n", StringComparison.Ordinal);
        return lead < 0 || sentenceStart < lead;
    }

    private static int Offset(int sentenceStart, string sentence, string? actor)
    {
        if (sentenceStart < 0 || string.IsNullOrEmpty(actor))
        {
            return -1;
        }

        var i = sentence.IndexOf(actor, StringComparison.Ordinal);
        return i < 0 ? -1 : sentenceStart + i;
    }

    private static string V1Location(GdeltPlace p) =>
        string.Join('#', Int(p.Type), Nested(p.FullName, "#;"), p.CountryCode, p.Adm1Code, Num(p.Lat), Num(p.Lon), p.FeatureId);

    private static string V2Location(GdeltPlace p, int offset) =>
        string.Join('#', Int(p.Type), Nested(p.FullName, "#;"), p.CountryCode, p.Adm1Code, "", Num(p.Lat), Num(p.Lon), p.FeatureId, Int(offset));

    /// <summary>V1.5TONE: tone, positive, negative, polarity, activity reference density, self/group reference density, word count.</summary>
    private string Tone()
    {
        if (_notes.Tone is not { } t)
        {
            return "";
        }

        var words = 0;
        var pronouns = 0;
        foreach (var w in A.Text.Split([' ', '\n', '\t', '\r', ',', '.', ';', ':', '!', '?', '"', '(', ')', '\u201c', '\u201d'], StringSplitOptions.RemoveEmptyEntries))
        {
            words++;
            if (Pronouns.Contains(w))
            {
                pronouns++;
            }
        }

        var selfGroup = words == 0 ? 0 : 100.0 * pronouns / words;
        return string.Join(',', Num(t.Tone), Num(t.Positive), Num(t.Negative), Num(t.Polarity), "0", Num(Math.Round(selfGroup, 4)), Int(t.WordCount));
    }

    /// <summary>V2.1ENHANCEDDATES block: resolution (1 year, 2 month and year, 3 full date)#month#day#year#offset.</summary>
    private static string? EnhancedDate(DateMention d)
    {
        var parts = d.Value.Split('-');
        if (parts.Length is < 1 or > 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return null;
        }

        var month = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 0;
        var day = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var dd) ? dd : 0;
        var resolution = parts.Length switch { 1 => 1, 2 => 2, _ => 3 };
        return string.Join('#', Int(resolution), Int(month), Int(day), Int(year), Int(d.Start));
    }

    /// <summary>V2.1QUOTATIONS block: offset|length|verb|quote, the quote without its quotation marks.</summary>
    private static string Quotation(QuoteMention q)
    {
        var text = q.Text.Trim().Trim('"', '\u201c', '\u201d', '\u2018', '\u2019', '\'', '\u00ab', '\u00bb').Trim();
        return string.Join('|', Int(q.Start), Int(q.End - q.Start), Nested(q.Cue, "|#"), Nested(text, "|#"));
    }

    /// <summary>
    /// V2EXTRASXML: GDELT's PAGE_TITLE and PAGE_AUTHORS, plus what Herald has and GDELT lacks: the story the document
    /// belongs to and each quotation's speaker (by the quotation's offset, as in V2.1QUOTATIONS).
    /// </summary>
    private string Extras()
    {
        var x = new StringBuilder();
        x.Append("<PAGE_TITLE>").Append(Xml(A.Title)).Append("</PAGE_TITLE>");
        if (A.Authors.Count > 0)
        {
            x.Append("<PAGE_AUTHORS>").Append(Xml(string.Join(", ", A.Authors))).Append("</PAGE_AUTHORS>");
        }

        if (A.Story is { } story)
        {
            x.Append("<HERALD_STORY>").Append(Xml(story)).Append("</HERALD_STORY>");
        }

        var speakers = _notes.Quotes.Where(q => q.Speaker is not null).ToList();
        if (speakers.Count > 0)
        {
            x.Append("<HERALD_QUOTE_SPEAKERS>");
            foreach (var q in speakers)
            {
                x.Append("<SPEAKER quoteOffset=\"").Append(Int(q.Start)).Append('"');
                if (q.SpeakerStart is { } s)
                {
                    x.Append(" offset=\"").Append(Int(s)).Append('"');
                }

                x.Append('>').Append(Xml(q.Speaker)).Append("</SPEAKER>");
            }

            x.Append("</HERALD_QUOTE_SPEAKERS>");
        }

        return x.ToString();
    }
}
