using Herald.Model;

namespace Herald.Annotate.Quotes;

/// <summary>
/// Finds quotations and reported speech with their speakers. Three passes over each text:
/// (1) quotation-mark spans, in curly or straight style, nested, and continued across paragraphs (an unclosed quote
/// whose next paragraph opens with a quote mark goes on); (2) cue verbs from <see cref="CueLexicon"/>, each giving
/// an attribution: content after the verb ("Scrocca said the coalition had…", "told CNN that…"), or before it
/// ("…, the US military said Thursday.", "“…,” he said."), or around "according to"; (3) quotes no cue claimed,
/// which inherit the speaker of the attribution just before them when they are whole sentences, and are dropped
/// when they are scare quotes. Speakers resolve through entities (titles and surnames), pronouns (nearest person or
/// organisation before) and definite descriptions ("the official", "the ministry") to an earlier speaker or entity.
/// </summary>
public sealed class QuoteAnnotator
{
    public IReadOnlyList<QuoteMention> Annotate(string text, IReadOnlyList<EntityMention> entities) =>
        Annotate(TextUnits.Of(text), entities);

    internal IReadOnlyList<QuoteMention> Annotate(TextUnits units, IReadOnlyList<EntityMention> entities)
    {
        var text = units.Text;
        var marks = FindQuoteSpans(text);
        var results = new List<Attribution>();
        var tokens = units.Tokens;
        foreach (var sentence in units.Sentences)
        {
            var end = sentence.FirstToken + sentence.TokenCount;
            for (var c = sentence.FirstToken; c < end; c++)
            {
                var t = tokens[c];
                if (!t.IsWord || Inside(marks, t.Start))
                {
                    continue;
                }

                Attribution? found = null;
                if (t.Is("according") && c + 1 < end && tokens[c + 1].Is("to"))
                {
                    found = AccordingTo(units, sentence, c, marks);
                }
                else if (CueLexicon.Nouns.Contains(t.Text) && c + 2 < end && tokens[c + 1].Is("that"))
                {
                    found = FromNoun(units, sentence, c);
                }
                else if (CueLexicon.Verbs.Contains(t.Text) && !(t.IsCapitalised && c > sentence.FirstToken))
                {
                    found = FromCue(units, sentence, c, marks);
                }

                if (found is not null)
                {
                    found = found with { CueStart = t.Start };
                }

                if (found is not null && !results.Any(r => r.ContentStart == found.ContentStart && r.ContentEnd == found.ContentEnd))
                {
                    results.Add(found);
                }
            }
        }

        if (results.Count == 0 && marks.Count == 0)
        {
            // No cue and no quotation marks (most headlines): nothing below could find a quote.
            return [];
        }

        var sorted = entities.OrderBy(e => e.Start).ToList();
        results = DropNested(results);

        // Quotes no cue claimed: whole sentences continue the previous speaker; a short quote inside a sentence is
        // words someone used ("called it 'absurd'"), credited to the sentence's first named person or organisation.
        foreach (var (open, close) in marks)
        {
            if (results.Any(r => Overlap(r.ContentStart, r.ContentEnd, open, close) > 0))
            {
                continue;
            }

            var words = CountWords(text, open, close);
            if (IsJunkQuote(text, open, close, words))
            {
                continue;
            }

            var previous = results.Where(r => r.ContentEnd <= open).MaxBy(r => r.ContentEnd);
            var standalone = IsStandalone(text, open, close);
            if (standalone && words >= 4 && previous is not null && open - previous.ContentEnd < 1200)
            {
                results.Add(new Attribution(open, close, previous.SourceStart, previous.SourceEnd, null, previous.SourceText) { Inherited = previous });
                continue;
            }

            var sentenceIndex = units.SentenceOfToken(units.TokenAt(open));
            var sentenceStart = sentenceIndex >= 0 ? units.Sentences[sentenceIndex].Start : open;
            var subject = sorted.FirstOrDefault(e => e.Start >= sentenceStart && e.End <= open && e.Type is EntityType.Person or EntityType.Org);
            results.Add(subject is not null
                ? new Attribution(open, close, subject.Start, subject.End, null, subject.Text)
                : new Attribution(open, close, -1, -1, null, null));
        }

        results.Sort((a, b) => a.ContentStart.CompareTo(b.ContentStart));
        var outside = sorted.Where(e => !marks.Any(m => e.Start > m.Open && e.End < m.Close)).ToList();
        return Resolve(text, results, outside);
    }

    private sealed record Attribution(int ContentStart, int ContentEnd, int SourceStart, int SourceEnd, string? Cue, string? SourceText)
    {
        public Attribution? Inherited { get; init; }

        public int CueStart { get; init; } = -1;
    }

    private static readonly HashSet<string> PrimaryCues = new(StringComparer.Ordinal)
    {
        "said", "says", "say", "told", "tells", "according to", "added", "wrote", "writes", "saying", "telling", "adding",
    };

    /// <summary>
    /// Each word belongs to at most one attribution (as in PolNeAR): when one attribution's cue sits inside another's
    /// content ("Scrocca said the coalition had observed…"), the speech verb's attribution is kept and the inner one dropped.
    /// </summary>
    private static List<Attribution> DropNested(List<Attribution> all)
    {
        var ranked = all.OrderByDescending(a => a.Cue is not null && PrimaryCues.Contains(a.Cue))
                        .ThenByDescending(a => a.ContentEnd - a.ContentStart).ToList();
        var kept = new List<Attribution>();
        foreach (var a in ranked)
        {
            var clash = kept.Any(b => (a.CueStart >= b.ContentStart && a.CueStart < b.ContentEnd) ||
                                      (b.CueStart >= a.ContentStart && b.CueStart < a.ContentEnd) ||
                                      Overlap(a.ContentStart, a.ContentEnd, b.ContentStart, b.ContentEnd) > 0.8 * Math.Min(a.ContentEnd - a.ContentStart, b.ContentEnd - b.ContentStart));
            if (!clash)
            {
                kept.Add(a);
            }
        }

        return kept;
    }

    /// <summary>Quoted ids, handles, links and markup leftovers are not anybody's words.</summary>
    private static bool IsJunkQuote(string text, int open, int close, int words)
    {
        var inner = text.AsSpan(open + 1, Math.Max(0, close - open - 2)).Trim();
        if (words == 0 || inner.Length == 0 || inner[0] is '@' or '#' || inner.StartsWith("http", StringComparison.Ordinal) ||
            inner.Contains("=", StringComparison.Ordinal) || inner.Contains("</", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var ch in inner)
        {
            if (char.IsLetter(ch))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsStandalone(string text, int open, int close)
    {
        var before = open - 1;
        while (before >= 0 && text[before] is ' ' or '\t')
        {
            before--;
        }

        var after = close;
        while (after < text.Length && text[after] is ' ' or '\t')
        {
            after++;
        }

        return (before < 0 || text[before] is '\n' or '.' or '?' or '!') && (after >= text.Length || text[after] is '\n');
    }

    private static Attribution? AccordingTo(TextUnits units, Sentence s, int c, List<(int Open, int Close)> marks)
    {
        var tokens = units.Tokens;
        var end = s.FirstToken + s.TokenCount;
        // Source: from after "to" up to the next comma or the sentence end.
        var k = c + 2;
        while (k < end && tokens[k].Text is not ("," or "." or ";" or ":") && !TextUnits.IsQuoteToken(tokens[k], units.Text))
        {
            k++;
        }

        if (k == c + 2)
        {
            return null;
        }

        var srcStart = tokens[c + 2].Start;
        var srcEnd = tokens[k - 1].End;
        int cs, ce;
        if (c > s.FirstToken && tokens[c - 1].Text == ",")
        {
            // "CONTENT, according to X."
            cs = tokens[s.FirstToken].Start;
            ce = tokens[c - 1].Start;
        }
        else if (k < end - 2 && tokens[k].Text == ",")
        {
            // "According to X, CONTENT."
            cs = tokens[k + 1].Start;
            ce = tokens[end - 1].End;
        }
        else
        {
            return null;
        }

        (cs, ce) = WidenToQuotes(marks, cs, ce);
        return ce - cs < 8 ? null : new Attribution(cs, ce, srcStart, srcEnd, "according to", units.Text[srcStart..srcEnd]);
    }

    /// <summary>"his suggestion that…", "Trump's claim that…": the possessor is the source, the clause the content.</summary>
    private static Attribution? FromNoun(TextUnits units, Sentence s, int c)
    {
        var tokens = units.Tokens;
        var text = units.Text;
        var end = s.FirstToken + s.TokenCount;
        if (CountWordTokens(tokens, c + 2, end) < 3)
        {
            return null;
        }

        var cs = tokens[c + 2].Start;
        var ce = tokens[end - 1].End;
        var p = c - 1;
        while (p >= s.FirstToken && tokens[p].IsWord && !IsPossessive(tokens[p].Text) && p >= c - 3 && !CueLexicon.ClauseBoundaries.Contains(tokens[p].Text))
        {
            p--;
        }

        if (p >= s.FirstToken && tokens[p].IsWord && IsPossessive(tokens[p].Text))
        {
            var start = tokens[p].Start;
            var stop = tokens[p].Is("his") || tokens[p].Is("her") || tokens[p].Is("their") || tokens[p].Is("its") ? tokens[p].End : start + CapitalisedNameFinder.Bare(tokens[p].Text).Length;
            return new Attribution(cs, ce, start, stop, tokens[c].Text.ToLowerInvariant(), text[start..stop]);
        }

        return new Attribution(cs, ce, -1, -1, tokens[c].Text.ToLowerInvariant(), null);
    }

    private static bool IsPossessive(string w) =>
        w is "his" or "her" or "their" or "its" or "His" or "Her" or "Their" ||
        w.EndsWith("'s", StringComparison.Ordinal) || w.EndsWith("\u2019s", StringComparison.Ordinal);

    private static Attribution? FromCue(TextUnits units, Sentence s, int c, List<(int Open, int Close)> marks)
    {
        var tokens = units.Tokens;
        var text = units.Text;
        var end = s.FirstToken + s.TokenCount;
        var cue = tokens[c];

        // Subject before the verb, skipping "has also", and an appositive ("Shumari, head of …, told").
        var b = c - 1;
        while (b >= s.FirstToken && tokens[b].IsWord && CueLexicon.Auxiliaries.Contains(tokens[b].Text))
        {
            b--;
        }

        if (CueLexicon.AlsoNouns.Contains(cue.Text) && b >= s.FirstToken &&
            (tokens[b].Text is "the" or "a" or "an" or "of" or "these" or "those" or "his" or "her" or "their" or "its" or "our" or "such" or "to" or "many" or "some" or "no" ||
             (!tokens[b].IsWord && !TextUnits.IsQuoteToken(tokens[b], text) && tokens[b].Text != ",")))
        {
            return null;
        }

        var (subjStart, subjEnd) = SubjectBefore(units, s, b);
        var inverted = false;
        var afterCue = c + 1;
        if (subjStart < 0)
        {
            // Inverted order after a quote or comma: "“…,” said Scrocca." / "…, said the official."
            if (b >= s.FirstToken && (tokens[b].Text == "," || TextUnits.IsQuoteToken(tokens[b], text)))
            {
                var k = c + 1;
                while (k < end && tokens[k].IsWord && !CueLexicon.TimeWords.Contains(tokens[k].Text) && k - c <= 8)
                {
                    k++;
                }

                if (k > c + 1)
                {
                    subjStart = c + 1;
                    subjEnd = k;
                    inverted = true;
                    afterCue = k;
                }
            }

            if (subjStart < 0)
            {
                return null;
            }
        }

        var sourceStart = tokens[subjStart].Start;
        var sourceEnd = tokens[subjEnd - 1].End;
        var sourceText = text[sourceStart..sourceEnd];
        var cueText = cue.Text.ToLowerInvariant();

        // Content after the verb: skip a listener and time words up to "that", ":" or the content itself.
        var contentFrom = inverted ? -1 : ContentAfter(units, c, end);
        var minWords = PrimaryCues.Contains(cue.Text.ToLowerInvariant()) ? 4 : 2;
        if (contentFrom >= 0 && CountWordTokens(tokens, contentFrom, end) >= minWords && !CueLexicon.NotContentStart.Contains(tokens[contentFrom].Text))
        {
            var cs = tokens[contentFrom].Start;
            var ce = tokens[end - 1].End;
            (cs, ce) = WidenToQuotes(marks, cs, ce);
            return new Attribution(cs, ce, sourceStart, sourceEnd, cueText, sourceText);
        }

        // Content before: "CONTENT, X said." or "“CONTENT,” X said."
        var before = inverted ? c - 1 : subjStart - 1;
        while (before >= s.FirstToken && tokens[before].IsWord && CueLexicon.Auxiliaries.Contains(tokens[before].Text))
        {
            before--;
        }

        if (before < s.FirstToken)
        {
            return null;
        }

        var sep = tokens[before];
        var sepIsQuote = TextUnits.IsQuoteToken(sep, text);
        if (sep.Text is not ("," or ":") && !sepIsQuote)
        {
            return null;
        }

        var rest = afterCue;
        while (rest < end && (tokens[rest].Text is "." or "," || (tokens[rest].IsWord && CueLexicon.TimeWords.Contains(tokens[rest].Text))))
        {
            rest++;
        }

        // After a closing quote mark ("“…,” Trump said before adding: …") whatever follows is a new clause; after a
        // plain comma a long tail means the verb introduces its own content instead ("…, he said it would…").
        if (rest < end && (tokens[rest].Is("that") ||
                           (!TextUnits.IsQuoteToken(tokens[before], text) && CountWordTokens(tokens, rest, end) > 4 && !tokens[rest].Is("adding") && !tokens[rest].Is("and"))))
        {
            return null;
        }

        var contentEnd = sep.Start;
        var contentStart = tokens[s.FirstToken].Start;
        var quote = marks.FindLast(m => m.Close <= sep.End && m.Close >= sep.Start - 2);
        if (quote != default)
        {
            contentStart = Math.Min(contentStart, quote.Open);
            contentEnd = quote.Close;
        }
        else if (sepIsQuote)
        {
            return null;
        }

        if (CountWords(text, contentStart, contentEnd) < 3)
        {
            return null;
        }

        return new Attribution(contentStart, contentEnd, sourceStart, sourceEnd, cueText, sourceText);
    }

    /// <summary>The subject phrase ending at token <paramref name="b"/>, or (-1, -1).</summary>
    private static (int Start, int End) SubjectBefore(TextUnits units, Sentence s, int b)
    {
        var tokens = units.Tokens;
        var text = units.Text;
        if (b < s.FirstToken)
        {
            return (-1, -1);
        }

        // Appositive: "Col. Mohammad Shumari, head of Iraqi civil forces working in the area, told CNN".
        if (tokens[b].Text == ",")
        {
            var comma = b - 1;
            while (comma > s.FirstToken && tokens[comma].Text != "," && !TextUnits.IsQuoteToken(tokens[comma], text))
            {
                comma--;
            }

            if (comma <= s.FirstToken || tokens[comma].Text != "," || b - comma > 14)
            {
                return (-1, -1);
            }

            var inner = SubjectBefore(units, s, comma - 1);
            return inner.Start < 0 ? inner : (inner.Start, inner.End);
        }

        if (!tokens[b].IsWord)
        {
            return (-1, -1);
        }

        var k = b;
        while (k >= s.FirstToken && tokens[k].IsWord && b - k < 9)
        {
            var w = tokens[k];
            if (k < b && CueLexicon.ClauseBoundaries.Contains(w.Text) && !(w.Is("of") || w.Is("for")))
            {
                break;
            }

            if (k < b && CueLexicon.Verbs.Contains(w.Text) && !w.IsCapitalised)
            {
                break;
            }

            if (k == b && w.Is("who") && k > s.FirstToken && tokens[k - 1].Text == ",")
            {
                return (k, k + 1);
            }

            if (k == b && CueLexicon.ClauseBoundaries.Contains(w.Text))
            {
                return (-1, -1);
            }

            k--;
        }

        var start = k + 1;
        // A leading time phrase is not part of the speaker: "Last week Scrocca", "On Thursday the ministry".
        while (start < b && tokens[start].IsWord && (CueLexicon.TimeWords.Contains(tokens[start].Text) && !tokens[start].Is("the") && !tokens[start].Is("a")))
        {
            start++;
        }

        if (start > b || !IsSpeakerHead(tokens[b]))
        {
            return (-1, -1);
        }

        return (start, b + 1);
    }

    /// <summary>Whether a word can head a speaker phrase: a name, a pronoun or a noun, not a time word, adverb or verb form.</summary>
    private static bool IsSpeakerHead(Token t)
    {
        var w = CapitalisedNameFinder.Bare(t.Text);
        if (CueLexicon.Pronouns.Contains(w))
        {
            return true;
        }

        if (CueLexicon.DayWords.Contains(w) || CueLexicon.ClauseBoundaries.Contains(w) || CueLexicon.Auxiliaries.Contains(w) ||
            CueLexicon.NotSpeakers.Contains(w) || w.Contains("n't", StringComparison.Ordinal) || w.Contains("n\u2019t", StringComparison.Ordinal))
        {
            return false;
        }

        if (t.IsCapitalised)
        {
            return true;
        }

        return !(w.EndsWith("ly", StringComparison.Ordinal) || w.EndsWith("ed", StringComparison.Ordinal) ||
                 (w.EndsWith("ing", StringComparison.Ordinal) && w.Length > 5) || char.IsDigit(w[0]));
    }

    /// <summary>Index of the first content token after the cue at <paramref name="c"/>, or -1.</summary>
    private static int ContentAfter(TextUnits units, int c, int end)
    {
        var tokens = units.Tokens;
        // "that" close after the verb settles it: "told CNN last week that 141 bodies…".
        for (var k = c + 1; k < end && k <= c + 9; k++)
        {
            var t = tokens[k];
            if (t.Is("that") && k + 1 < end)
            {
                return k + 1;
            }

            // Only a listener or a time phrase may stand between the verb and "that" ("told CNN last week that");
            // "said they are looking at factors that…" has its content right after the verb.
            if (!t.IsWord || (CueLexicon.Verbs.Contains(t.Text) && k > c + 1) ||
                !(t.IsCapitalised || CueLexicon.Listeners.Contains(t.Text) || CueLexicon.TimeWords.Contains(t.Text) || t.Text.EndsWith("'s", StringComparison.Ordinal)))
            {
                break;
            }
        }

        var i = c + 1;
        var listener = CueLexicon.TakesListener.Contains(tokens[c].Text);
        if (listener)
        {
            var j = i;
            while (j < end && j - i < 5 && tokens[j].IsWord && (tokens[j].IsCapitalised || CueLexicon.Listeners.Contains(tokens[j].Text) || (j > i && !CueLexicon.ClauseBoundaries.Contains(tokens[j].Text) && CueLexicon.Listeners.Contains(tokens[j - 1].Text) && tokens[j - 1].Text is "the" or "a" or "an" or "his" or "their" or "its")))
            {
                j++;
            }

            i = j;
        }

        while (i < end && ((tokens[i].IsWord && CueLexicon.TimeWords.Contains(tokens[i].Text) && !(tokens[i].Is("the") || tokens[i].Is("a") || tokens[i].Is("in") || tokens[i].Is("on")) ) ||
                           (tokens[i].Is("on") || tokens[i].Is("in")) && i + 1 < end && CueLexicon.TimeWords.Contains(tokens[i + 1].Text)))
        {
            if (tokens[i].Is("in") || tokens[i].Is("on") || tokens[i].Is("at"))
            {
                // "in a statement", "on Thursday", "at a news conference"
                var j = i + 1;
                while (j < end && tokens[j].IsWord && CueLexicon.TimeWords.Contains(tokens[j].Text))
                {
                    j++;
                }

                i = j;
                continue;
            }

            i++;
        }

        var skippedPhrase = false;
        for (var k = c + 1; k < i; k++)
        {
            skippedPhrase |= tokens[k].Is("at") || tokens[k].Is("in") || tokens[k].Is("on") || tokens[k].Is("during");
        }

        var separated = i < end && (tokens[i].Text is "," or ":" or "-" or "--" || TextUnits.IsQuoteToken(tokens[i], units.Text));
        while (i < end && tokens[i].Text is "," or ":" or "-" or "--")
        {
            i++;
        }

        if (skippedPhrase && !separated)
        {
            return -1;
        }

        if (listener && i > c + 1 && i < end && !separated && !(tokens[i].IsWord && (CueLexicon.Pronouns.Contains(tokens[i].Text) || tokens[i].Is("there"))))
        {
            // "told NBC's Today show when asked…": without "that" a listener verb needs a clause starting with a pronoun.
            return -1;
        }

        if (i < end && tokens[i].IsWord && tokens[i].Is("to") && !CueLexicon.TakesListener.Contains(tokens[c].Text))
        {
            // "said to", "promised to" — an infinitive is still content for urge/ask/promise, not for "said to be".
            return tokens[c].Text is "promised" or "vowed" or "pledged" or "hopes" or "hoped" or "hope" ? i : -1;
        }

        return i < end && (tokens[i].IsWord || TextUnits.IsQuoteToken(tokens[i], units.Text)) ? i : -1;
    }

    private IReadOnlyList<QuoteMention> Resolve(string text, List<Attribution> found, List<EntityMention> entities)
    {
        var quotes = new List<QuoteMention>(found.Count);
        var speakers = new List<(int Start, string Phrase, string Name)>();
        var resolved = new Dictionary<Attribution, (string? Name, int Start, int End)>();
        foreach (var a in found)
        {
            (string? Name, int Start, int End) speaker = (null, -1, -1);
            if (a.Inherited is not null && resolved.TryGetValue(a.Inherited, out var inherited))
            {
                speaker = inherited;
            }
            else if (a.SourceStart >= 0)
            {
                var name = SpeakerName(text, a.SourceStart, a.SourceEnd, entities, speakers);
                speaker = (name, a.SourceStart, a.SourceEnd);
                speakers.Add((a.SourceStart, a.SourceText ?? "", name));
            }

            resolved[a] = speaker;
            quotes.Add(new QuoteMention(text[a.ContentStart..a.ContentEnd], a.ContentStart, a.ContentEnd, speaker.Name,
                speaker.Start >= 0 ? speaker.Start : null, speaker.Start >= 0 ? speaker.End : null, a.Cue));
        }

        return quotes;
    }

    /// <summary>The speaker's name for the source phrase at [start, end): an entity inside it, or the entity it refers to.</summary>
    private static string SpeakerName(string text, int start, int end, List<EntityMention> entities, List<(int Start, string Phrase, string Name)> speakers)
    {
        var phrase = text[start..end];
        var inside = entities.Where(e => e.Start >= start && e.End <= end && e.Type is EntityType.Person or EntityType.Org or EntityType.Place).ToList();
        var person = inside.LastOrDefault(e => e.Type == EntityType.Person);
        if (person is not null)
        {
            return person.Name;
        }

        var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var head = words.Length > 0 ? CapitalisedNameFinder.Bare(words[^1]) : phrase;
        var lowerHead = head.ToLowerInvariant();
        if (words.Length == 1 && (CueLexicon.Pronouns.Contains(head) || lowerHead is "who" or "his" or "her" or "their" or "its"))
        {
            // he/she → the nearest person before; they/it/we → the nearest organisation or earlier speaker.
            var wantPerson = lowerHead is "he" or "she" or "i" or "who" or "his" or "her";
            var candidates = entities.Where(e => e.End <= start && (wantPerson ? e.Type == EntityType.Person : e.Type is EntityType.Org or EntityType.Place));
            var prior = candidates.LastOrDefault();
            if (wantPerson && speakers.Count > 0 && prior is not null)
            {
                // Prefer the last speaker when no other person was named since that speaker's attribution.
                var lastSpeaker = speakers[^1];
                if (prior.Start < lastSpeaker.Start || prior.Name == lastSpeaker.Name)
                {
                    return lastSpeaker.Name;
                }
            }

            return prior?.Name ?? (speakers.Count > 0 && wantPerson ? speakers[^1].Name : phrase);
        }

        // A place or organisation names the speaker only when it heads the phrase: "Russia said", not "the US military said".
        var org = inside.LastOrDefault(e => e.Type != EntityType.Place || e.End == end);
        if (org is not null && (words.Length <= 3 || org.End == end) && (org.Type != EntityType.Place || org.End == end))
        {
            return org.Name;
        }

        var first = words.Length > 0 ? words[0].ToLowerInvariant() : "";
        if (first is "the" or "that" or "this" && words.Length <= 4)
        {
            head = words.Select(w => CapitalisedNameFinder.Bare(w).ToLowerInvariant()).LastOrDefault(w => CueLexicon.RoleNouns.Contains(w)) ?? head;
            lowerHead = head.ToLowerInvariant();
            // "the official" → an earlier speaker described with the same noun; "the ministry" → an earlier entity.
            for (var i = speakers.Count - 1; i >= 0; i--)
            {
                if (speakers[i].Phrase.Contains(head, StringComparison.OrdinalIgnoreCase) && speakers[i].Start < start)
                {
                    return speakers[i].Name;
                }
            }

            var entity = entities.LastOrDefault(e => e.End <= start && e.Type is EntityType.Org or EntityType.Person &&
                                                     e.Text.Contains(head, StringComparison.OrdinalIgnoreCase));
            if (entity is not null)
            {
                return entity.Name;
            }

            if (lowerHead is "statement" or "report" or "document" or "letter" or "ministry" or "department" or "government")
            {
                var lastOrg = entities.LastOrDefault(e => e.End <= start && e.Type == EntityType.Org);
                if (lastOrg is not null)
                {
                    return lastOrg.Name;
                }
            }
        }

        return org?.Name ?? phrase;
    }

    /// <summary>Quotation spans [open mark, after close mark), nested quotes folded into the outer one.</summary>
    internal static List<(int Open, int Close)> FindQuoteSpans(string text)
    {
        // The doubled apostrophe some outlets print for a double quote: same length, so offsets stay put.
        var original = text;
        if (text.Contains("\'\'", StringComparison.Ordinal))
        {
            text = text.Replace("\'\'", "\"\u0001", StringComparison.Ordinal);
        }

        var spans = new List<(int, int)>();
        var depth = 0;
        var open = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '\n')
            {
                if (depth > 0)
                {
                    // A quote runs on into the next paragraph only when that paragraph opens with a quote mark.
                    var j = i;
                    while (j < text.Length && char.IsWhiteSpace(text[j]))
                    {
                        j++;
                    }

                    if (j < text.Length && text[j] is '"' or '\u201C')
                    {
                        i = j;
                        depth = 1;
                        continue;
                    }

                    var stop = i;
                    while (stop > open && char.IsWhiteSpace(text[stop - 1]))
                    {
                        stop--;
                    }

                    spans.Add((open, stop));
                    depth = 0;
                }

                continue;
            }

            if (!TextUnits.IsQuoteChar(ch))
            {
                continue;
            }

            var prev = i > 0 ? text[i - 1] : ' ';
            var next = i + 1 < text.Length ? text[i + 1] : ' ';
            if (TextUnits.IsQuoteChar(prev) && prev == ch)
            {
                continue;
            }

            bool opening = ch switch
            {
                '\u201C' or '\u201E' or '\u00AB' => true,
                '\u201D' or '\u00BB' => false,
                _ => depth == 0 ? !char.IsWhiteSpace(next) || char.IsWhiteSpace(prev)
                    : (char.IsWhiteSpace(prev) || prev is '(' or '[' or '\u2014') && !char.IsWhiteSpace(next) && !char.IsPunctuation(next),
            };
            if (opening)
            {
                if (depth == 0)
                {
                    open = i;
                }

                depth++;
            }
            else if (depth > 0)
            {
                depth--;
                if (depth == 0)
                {
                    spans.Add((open, original[i] == '\'' ? i + 2 : i + 1));
                }
            }
        }

        if (depth > 0)
        {
            var stop = text.Length;
            while (stop > open && char.IsWhiteSpace(text[stop - 1]))
            {
                stop--;
            }

            spans.Add((open, stop));
        }

        AddSingleQuoteSpans(original, spans);
        return spans;
    }

    /// <summary>
    /// British-style ‘single quotes’: an opening ‘ after a space or line start, closed by the next ’ that is not an
    /// apostrophe inside a word (don’t) and stays in the paragraph. Spans inside a double quote are nested quotes and skipped.
    /// </summary>
    private static void AddSingleQuoteSpans(string text, List<(int Open, int Close)> spans)
    {
        var outer = spans.ToArray();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\u2018' || (i > 0 && !(char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '[' or '\u2014' or '-')) ||
                i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]) || outer.Any(o => i > o.Open && i < o.Close))
            {
                continue;
            }

            for (var j = i + 1; j < text.Length && text[j] != '\n'; j++)
            {
                if (text[j] == '\u2019' && (j + 1 >= text.Length || !char.IsLetter(text[j + 1])) &&
                    !(text[j - 1] == 's' && j + 1 < text.Length && text[j + 1] == ' ' && j - i < 3))
                {
                    spans.Add((i, j + 1));
                    i = j;
                    break;
                }
            }
        }

        spans.Sort((a, b) => a.Open.CompareTo(b.Open));
    }

    private static (int Start, int End) WidenToQuotes(List<(int Open, int Close)> marks, int start, int end)
    {
        foreach (var (open, close) in marks)
        {
            if (open < end && close > end && open >= start)
            {
                end = close;
            }

            if (open < start && close > start && close <= end)
            {
                start = open;
            }
        }

        return (start, end);
    }

    private static bool Inside(List<(int Open, int Close)> marks, int offset)
    {
        // A loop, not Any with a lambda: it runs for every word of every article, and the lambda captured the offset
        // in a new closure each time.
        foreach (var (open, close) in marks)
        {
            if (offset > open && offset < close - 1)
            {
                return true;
            }
        }

        return false;
    }

    private static int Overlap(int a, int b, int c, int d) => Math.Max(0, Math.Min(b, d) - Math.Max(a, c));

    private static int CountWords(string text, int start, int end)
    {
        var n = 0;
        var inWord = false;
        for (var i = start; i < end; i++)
        {
            var w = char.IsLetterOrDigit(text[i]);
            if (w && !inWord)
            {
                n++;
            }

            inWord = w;
        }

        return n;
    }

    private static int CountWordTokens(IReadOnlyList<Token> tokens, int from, int to)
    {
        var n = 0;
        for (var i = from; i < to; i++)
        {
            if (tokens[i].IsWord)
            {
                n++;
            }
        }

        return n;
    }
}
