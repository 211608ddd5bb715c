using System.Globalization;
using Herald.Model;

namespace Herald.Annotate.Events;

/// <summary>
/// Codes who-did-what-to-whom per sentence in CAMEO without a parser. Verbs and verb phrases come from
/// <see cref="CameoLexicon"/>; the source is the actor right before the verb (or the sentence's first actor not inside
/// a prepositional phrase), the target the first actor after it; passives ("was criticised by Russia") swap them,
/// "X and Y" yield one event each (agents joined to agents of a known country share it), a compound subject of a
/// reciprocal event with no object acts on itself ("Egypt and Jordan signed a treaty"), negated verbs ("did not
/// attack") unless a pattern spells the negation out or the dictionary's ontology gives the negated code, gerunds after
/// "after"/"before", verbs used as nouns ("the strike", "a US airstrike", "in remarks"), what the target of an earlier
/// event is urged to do ("urged X to respond") and verbs inside quotation marks are skipped, the target search stops at a subordinate clause
/// ("after a patrol was reported near X"), and events need both a source and a different target (PETRARCH's
/// require-dyad default). The event's place is the first place mention in the sentence.
/// </summary>
public sealed class EventCoder
{
    private readonly IActorCoder _actors;
    private readonly Dictionary<string, List<VerbPattern>> _byForm;
    private readonly IReadOnlyDictionary<string, string>? _negations;

    /// <param name="negations">
    /// What a negated verb's code becomes ("did not clash over" = not disapprove = cooperate diplomatically), for
    /// dictionaries whose ontology defines negation; a negated verb whose code has no entry, or any negated verb when
    /// this is null (plain CAMEO has no negation), codes no event.
    /// </param>
    internal EventCoder(IActorCoder actors, Dictionary<string, List<VerbPattern>>? verbs = null, IReadOnlyDictionary<string, string>? negations = null)
    {
        _actors = actors;
        _byForm = verbs ?? BuildIndex();
        _negations = negations;
    }

    public static EventCoder CreateDefault() => new(new CameoActorCoder());

    /// <summary>
    /// One verb pattern: Parts[0] holds the verb's forms, later parts the words that must follow it ("*" allows a gap of
    /// up to five words before the next part); Before holds words that must come, in order, within eight words before the
    /// verb ("show no"). An alternative may be a phrase of adjacent words ("did n't"; contractions match their halves).
    /// ReverseCode, when set, also codes the target acting on the source (a visit is hosted by the visited).
    /// </summary>
    internal sealed record VerbPattern(string Code, double Goldstein, string[][] Parts, int Literals)
    {
        public string[][] Before { get; init; } = [];

        public string? ReverseCode { get; init; }

        /// <summary>A compound subject with no target acts on itself, each member on each other ("X and Y agreed").</summary>
        public bool Mutual { get; init; }

        /// <summary>The subject is the target and the actor after the verb the source ("X received money from Y").</summary>
        public bool Swapped { get; init; }
    }

    private static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "this", "these", "those", "its", "their", "his", "her", "our", "any", "no", "every", "each",
        "such", "another", "of", "new", "latest", "first", "last", "all", "some", "many", "several", "more", "two", "three",
    };

    private static readonly HashSet<string> Negators = new(StringComparer.OrdinalIgnoreCase)
    {
        "not", "n't", "never", "didn't", "won't", "wouldn't", "hasn't", "haven't", "hadn't", "doesn't", "don't", "cannot", "can't", "refused", "refuses", "declined", "without",
    };

    private static readonly HashSet<string> Prepositions = new(StringComparer.OrdinalIgnoreCase)
    {
        "in", "of", "with", "against", "by", "from", "to", "for", "on", "at", "about", "over", "after", "toward", "towards", "between", "among",
    };

    private static readonly HashSet<string> GerundOpeners = new(StringComparer.OrdinalIgnoreCase)
    {
        "after", "before", "since", "while", "when", "upon", "without",
    };

    private static readonly HashSet<string> BeForms = new(StringComparer.OrdinalIgnoreCase) { "was", "were", "been", "being", "is", "are", "be", "got" };

    public IReadOnlyList<EventMention> Code(string text, IReadOnlyList<EntityMention> entities) =>
        Code(TextUnits.Of(text), entities, [], []);

    internal IReadOnlyList<EventMention> Code(TextUnits units, IReadOnlyList<EntityMention> entities, IReadOnlyList<PlaceMention> places,
        IReadOnlyList<QuoteMention> quotes)
    {
        var events = new List<EventMention>();
        var quoteSpans = Quotes.QuoteAnnotator.FindQuoteSpans(units.Text);
        foreach (var sentence in units.Sentences)
        {
            CodeSentence(units, sentence, entities, places, quoteSpans, events);
        }

        return events;
    }

    internal void CodeSentence(TextUnits units, Sentence sentence, IReadOnlyList<EntityMention> entities, IReadOnlyList<PlaceMention> places,
        List<(int Open, int Close)> quoteSpans, List<EventMention> events)
    {
        var tokens = units.Tokens;
        var text = units.Text;
        var actors = _actors.Find(units, sentence, entities);
        if (actors.Count < 2)
        {
            return;
        }

        var end = sentence.FirstToken + sentence.TokenCount;
        var sentenceText = text[sentence.Start..sentence.End];
        var place = places.FirstOrDefault(p => p.Start >= sentence.Start && p.End <= sentence.End)?.Name;
        var seen = new HashSet<(string, string, string)>();
        var sentenceEvents = events.Count;
        for (var v = sentence.FirstToken; v < end; v++)
        {
            var t = tokens[v];
            if (!t.IsWord || actors.Any(a => v >= a.First && v < a.End) || quoteSpans.Any(q => t.Start > q.Open && t.End < q.Close))
            {
                continue;
            }

            if (!_byForm.TryGetValue(t.Text.ToLowerInvariant(), out var patterns))
            {
                continue;
            }

            // A gerund after a temporal preposition ("after leaving Eriador") is background to the main event, not one.
            if (v > sentence.FirstToken && t.Text.EndsWith("ing", StringComparison.OrdinalIgnoreCase) && GerundOpeners.Contains(tokens[v - 1].Text))
            {
                continue;
            }

            VerbPattern? best = null;
            var bestEnd = v;
            bool? compound = null;
            foreach (var p in patterns)
            {
                // A pattern for a compound subject acting on itself applies only where the subject is compound, and
                // then it is more specific than the same words without that condition.
                if (p.Mutual && !(compound ??= Split(Expand(tokens, actors, SubjectBefore(tokens, actors, v, sentence.FirstToken))).Skip(1).Any()))
                {
                    continue;
                }

                var matchEnd = Match(tokens, v, end, p);
                if (matchEnd > 0 && p.Before.Length > 0 && !MatchBefore(tokens, v, sentence.FirstToken, p.Before))
                {
                    matchEnd = -1;
                }

                if (matchEnd > 0 && (best is null || p.Literals + (p.Mutual ? 1 : 0) > best.Literals + (best.Mutual ? 1 : 0)))
                {
                    best = p;
                    bestEnd = matchEnd;
                }
            }

            if (best is null || IsNounUse(tokens, v, sentence.FirstToken, actors))
            {
                continue;
            }

            // A negated verb is no event unless the pattern itself spells the negation out ("did not clash") or the
            // dictionary's ontology says what the negation means.
            if (best.Before.Length == 0 && IsNegated(tokens, v, sentence.FirstToken))
            {
                if (_negations is null || !_negations.TryGetValue(best.Code, out var negated))
                {
                    continue;
                }

                best = best with
                {
                    Code = negated,
                    ReverseCode = best.ReverseCode is { } r && _negations.TryGetValue(r, out var negatedReverse) ? negatedReverse : null,
                };
            }

            // "urged Eriador to respond to Gondor": what the target of an event coded earlier in the sentence is urged,
            // asked or invited to do is that event's content, not an event of its own.
            if (v - 2 >= sentence.FirstToken && tokens[v - 1].Is("to") &&
                actors.FirstOrDefault(a => a.End == v - 1) is { Code: { } asked } &&
                events.Skip(sentenceEvents).Any(e => e.Target == asked))
            {
                continue;
            }

            var passive = IsPassive(tokens, v, sentence.FirstToken);
            IReadOnlyList<ActorSpan> sources, targets;
            if (passive)
            {
                var by = FirstActorAfter(tokens, actors, v, end, requireBy: true);
                targets = Expand(tokens, actors, SubjectBefore(tokens, actors, v, sentence.FirstToken));
                sources = Expand(tokens, actors, by);
            }
            else
            {
                sources = Expand(tokens, actors, SubjectBefore(tokens, actors, v, sentence.FirstToken));
                targets = Expand(tokens, actors, FirstActorAfter(tokens, actors, v, end, requireBy: false));
            }

            if (best.Swapped)
            {
                (sources, targets) = (targets, sources);
            }

            var sourceList = ShareCountry(Split(sources).ToList());
            if (targets.Count == 0 && sourceList.Count >= 2 && (best.Mutual || best.ReverseCode is not null || HasReciprocalCue(tokens, v, end)))
            {
                // "Gondor and Osgiliath renewed ties", "X and Y met each other": every member acts on every other.
                foreach (var s in sourceList)
                {
                    foreach (var g in sourceList)
                    {
                        if (s.Code != g.Code && seen.Add((s.Code, g.Code, best.Code)))
                        {
                            events.Add(new EventMention(sentenceText, s.Code, g.Code, best.Code, QuadClass(best.Code), best.Goldstein, s.Text, g.Text, place));
                        }
                    }
                }

                v = Math.Max(v, bestEnd - 1);
                continue;
            }

            foreach (var s in sourceList)
            {
                foreach (var g in ShareCountry(Split(targets).ToList()))
                {
                    // "USA" against "USAMIL" is a country acting on itself as seen from outside: not a dyad.
                    if (s.Code == g.Code || (s.Code.Length == 3 && g.Code.StartsWith(s.Code, StringComparison.Ordinal)) ||
                        (g.Code.Length == 3 && s.Code.StartsWith(g.Code, StringComparison.Ordinal)) || !seen.Add((s.Code, g.Code, best.Code)))
                    {
                        continue;
                    }

                    events.Add(new EventMention(sentenceText, s.Code, g.Code, best.Code, QuadClass(best.Code), best.Goldstein, s.Text, g.Text, place));
                    if (best.ReverseCode is { } reverse && seen.Add((g.Code, s.Code, reverse)))
                    {
                        events.Add(new EventMention(sentenceText, g.Code, s.Code, reverse, QuadClass(reverse), best.Goldstein, g.Text, s.Text, place));
                    }
                }
            }

            v = Math.Max(v, bestEnd - 1);
        }
    }

    /// <summary>CAMEO quad class from the root code: 1 verbal cooperation … 4 material conflict.</summary>
    public static int QuadClass(string code)
    {
        if (code.Length < 2 || !int.TryParse(code.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var root))
        {
            return 0;
        }

        return root switch
        {
            <= 5 => 1,
            <= 8 => 2,
            <= 13 => 3,
            _ => 4,
        };
    }

    private static int Match(IReadOnlyList<Token> tokens, int v, int end, VerbPattern p)
    {
        var k = v + 1;
        for (var part = 1; part < p.Parts.Length; part++)
        {
            var alternatives = p.Parts[part];
            if (alternatives.Length == 1 && alternatives[0] == "*")
            {
                continue;
            }

            var gap = part > 0 && p.Parts[part - 1] is ["*"] ? 5 : 0;
            var found = -1;
            for (var x = k; x < end && x <= k + gap; x++)
            {
                var at = MatchAnyAt(tokens, x, end, alternatives);
                if (at > 0)
                {
                    found = at;
                    break;
                }

                if (!tokens[x].IsWord && tokens[x].Text is "." or ";" or ":")
                {
                    break;
                }
            }

            if (found < 0)
            {
                return -1;
            }

            k = found;
        }

        return k;
    }

    /// <summary>
    /// The end of the longest alternative matching from token x ("gold florin" is two tokens), or -1. Contractions are
    /// compared in their treebank halves: "didn't" reads as "did n't", and "n't" equals "not".
    /// </summary>
    private static int MatchAnyAt(IReadOnlyList<Token> tokens, int x, int end, string[] alternatives)
    {
        var best = -1;
        foreach (var alt in alternatives)
        {
            if (!alt.Contains(' ', StringComparison.Ordinal))
            {
                // The common case, one word: no contraction halves to track.
                if (x < end && best < x + 1 && (tokens[x].Text.Equals(alt, StringComparison.OrdinalIgnoreCase) || (IsNot(alt) && IsNot(tokens[x].Text))))
                {
                    best = x + 1;
                }

                continue;
            }

            var words = alt.Split(' ');
            var k = x;
            var half = 0;
            var ok = true;
            foreach (var w in words)
            {
                if (k >= end)
                {
                    ok = false;
                    break;
                }

                var (a, b) = Halves(tokens[k].Text);
                var current = half == 0 ? a : b!;
                if (!SameWord(current, w))
                {
                    ok = false;
                    break;
                }

                if (half == 0 && b is not null)
                {
                    half = 1;
                }
                else
                {
                    half = 0;
                    k++;
                }
            }

            // A match may not stop inside a contraction ("did" alone does not answer to "didn't").
            if (ok && half == 0 && k > best)
            {
                best = k;
            }
        }

        return best;
    }

    private static bool SameWord(string token, string word) =>
        token.Equals(word, StringComparison.OrdinalIgnoreCase) || (IsNot(token) && IsNot(word));

    private static bool IsNot(string w) => w.Equals("not", StringComparison.OrdinalIgnoreCase) || w is "n't" or "N'T";

    /// <summary>"didn't" as ("did", "n't"), "cannot" as ("can", "not"); other words whole.</summary>
    private static (string, string?) Halves(string token)
    {
        var t = token.Contains('\u2019', StringComparison.Ordinal) ? token.Replace('\u2019', '\'') : token;
        if (t.Length > 3 && t.EndsWith("n't", StringComparison.OrdinalIgnoreCase))
        {
            return (t[..^3], "n't");
        }

        return t.Equals("cannot", StringComparison.OrdinalIgnoreCase) ? ("can", "not") : (t, null);
    }

    private static readonly HashSet<string> ReciprocalCues = new(StringComparer.OrdinalIgnoreCase)
    {
        "each", "jointly", "mutual", "bilateral", "together",
    };

    /// <summary>Words after the verb that make a compound subject act on itself: "their meeting", "each other", "jointly".</summary>
    private static bool HasReciprocalCue(IReadOnlyList<Token> tokens, int v, int end)
    {
        for (var k = v + 1; k < end && k <= v + 4; k++)
        {
            if (!tokens[k].IsWord)
            {
                break;
            }

            if (ReciprocalCues.Contains(tokens[k].Text) || (tokens[k].Is("one") && k + 1 < end && tokens[k + 1].Is("another")))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the verb form is used as a noun: right after a determiner or a possessive ("the strike", "Russia's attack"),
    /// after "a"/"an" and a bare country adjective ("a US airstrike"), or after adjectives or quote marks that follow
    /// a determiner ("its "indiscriminate" airstrikes", "the deadly attack").
    /// </summary>
    private static bool IsNounUse(IReadOnlyList<Token> tokens, int v, int first, IReadOnlyList<ActorSpan> actors)
    {
        var k = v - 1;
        if (k < first)
        {
            return false;
        }

        var prev = tokens[k].Text;
        if (Determiners.Contains(prev) || prev.EndsWith("'s", StringComparison.Ordinal) || prev.EndsWith("\u2019s", StringComparison.Ordinal))
        {
            return true;
        }

        // "in remarks published on Monday", "after talks": a preposition other than "to" takes a noun; only a gerund
        // ("by attacking") is still a verb there.
        if (Prepositions.Contains(prev) && !tokens[k].Is("to") && !tokens[v].Text.EndsWith("ing", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var actor = actors.FirstOrDefault(a => a.End == v);
        if (actor != default && actor.Code.Length == 3 &&
            ((actor.First > first && tokens[actor.First - 1].Text is "a" or "an" or "A" or "An") ||
             (CountryLexicon.TryFind(actor.Text, out _, out var demonym, out _) && demonym)))
        {
            // "a US airstrike", "the French attack": a country adjective before the word makes it a noun.
            return true;
        }

        var steps = 0;
        while (k >= first && steps < 3 && (!tokens[k].IsWord || IsAdjective(tokens[k].Text) ||
                                           (char.IsLower(tokens[k].Text[0]) && !Determiners.Contains(tokens[k].Text) && !VerbContext.Contains(tokens[k].Text))))
        {
            k--;
            steps++;
        }

        return steps > 0 && k >= first && Determiners.Contains(tokens[k].Text);
    }

    // Words that put a verb, not a noun, next: auxiliaries, modals, infinitive "to", negators, adverbs of time.
    private static readonly HashSet<string> VerbContext = new(StringComparer.OrdinalIgnoreCase)
    {
        "will", "would", "shall", "should", "can", "could", "may", "might", "must", "to", "has", "have", "had", "is", "are",
        "was", "were", "be", "been", "did", "does", "do", "not", "never", "also", "then", "and", "or", "but", "who", "which",
        "that", "later", "again", "recently", "yesterday", "today", "reportedly", "allegedly", "ever", "even", "just",
    };

    private static bool IsAdjective(string w) =>
        w.Length > 3 && char.IsLower(w[0]) &&
        (w.EndsWith("al", StringComparison.Ordinal) || w.EndsWith("ive", StringComparison.Ordinal) || w.EndsWith("ous", StringComparison.Ordinal) ||
         w.EndsWith("ful", StringComparison.Ordinal) || w.EndsWith("ent", StringComparison.Ordinal) || w.EndsWith("ant", StringComparison.Ordinal) ||
         w.EndsWith("ic", StringComparison.Ordinal) || w.EndsWith("ly", StringComparison.Ordinal) || w.EndsWith("ate", StringComparison.Ordinal) ||
         w.EndsWith("est", StringComparison.Ordinal));

    private static bool MatchBefore(IReadOnlyList<Token> tokens, int v, int first, string[][] before)
    {
        // The parts must appear in order within the eight tokens before the verb, in the same clause; each part may be
        // a phrase ("did n't"), matched word for word, and words in between are allowed ("won't even ever clash").
        var limit = Math.Max(first, v - 8);
        var k = v - 1;
        for (var part = before.Length - 1; part >= 0; part--)
        {
            var found = false;
            while (k >= limit)
            {
                if (!tokens[k].IsWord && tokens[k].Text is "," or "." or ";" or ":")
                {
                    return false;
                }

                var start = MatchEndingAt(tokens, k, limit, before[part]);
                if (start >= 0)
                {
                    found = true;
                    k = start - 1;
                    break;
                }

                k--;
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first token of an alternative that ends at token k (inclusive), or -1.</summary>
    private static int MatchEndingAt(IReadOnlyList<Token> tokens, int k, int limit, string[] alternatives)
    {
        for (var s = k; s >= limit && s >= k - 7; s--)
        {
            if (MatchAnyAt(tokens, s, k + 1, alternatives) == k + 1)
            {
                return s;
            }
        }

        // A contraction's second half on its own: "n't" answers to "didn't".
        var (_, b) = Halves(tokens[k].Text);
        return b is not null && alternatives.Any(a => !a.Contains(' ', StringComparison.Ordinal) && SameWord(b, a)) ? k : -1;
    }

    private static bool IsNegated(IReadOnlyList<Token> tokens, int v, int first)
    {
        for (var k = v - 1; k >= first && k >= v - 3; k--)
        {
            if (Negators.Contains(tokens[k].Text))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPassive(IReadOnlyList<Token> tokens, int v, int first)
    {
        var k = v - 1;
        while (k >= first && tokens[k].IsWord && (tokens[k].Text.EndsWith("ly", StringComparison.Ordinal) || tokens[k].Is("also") || tokens[k].Is("reportedly")))
        {
            k--;
        }

        return k >= first && BeForms.Contains(tokens[k].Text) && (tokens[v].Text.EndsWith("ed", StringComparison.Ordinal) || tokens[v].Text.EndsWith("en", StringComparison.Ordinal) ||
                                                                 tokens[v].Text is "held" or "met" or "hit" or "shot" or "struck" or "sent" or "told" or "fought" or "led" or "cut" or "set" or "put");
    }

    private static ActorSpan? SubjectBefore(IReadOnlyList<Token> tokens, IReadOnlyList<ActorSpan> actors, int v, int first)
    {
        // The actor ending right before the verb (allowing auxiliaries and adverbs) is the subject.
        ActorSpan? nearest = null;
        foreach (var a in actors)
        {
            if (a.End <= v)
            {
                nearest = a;
            }
        }

        if (nearest is { } n)
        {
            var gapOk = true;
            for (var k = n.End; k < v; k++)
            {
                var w = tokens[k];
                if (!w.IsWord || (Prepositions.Contains(w.Text) && !w.Is("to")) || w.Is("that") || w.Is("and") || w.Is("but") || w.Is("which") || w.Is("who"))
                {
                    gapOk = w.Text is "'s" or "\u2019s" ? gapOk : false;
                    if (!gapOk)
                    {
                        break;
                    }
                }
            }

            if (gapOk && v - n.End <= 5)
            {
                return n;
            }
        }

        // Otherwise the first actor of the sentence that is not the object of a preposition.
        foreach (var a in actors)
        {
            if (a.End > v)
            {
                break;
            }

            var p = a.First - 1;
            while (p >= first && tokens[p].IsWord && (tokens[p].Is("the") || tokens[p].Is("a")))
            {
                p--;
            }

            if (p < first || !Prepositions.Contains(tokens[p].Text))
            {
                return a;
            }
        }

        return null;
    }

    private static ActorSpan? FirstActorAfter(IReadOnlyList<Token> tokens, IReadOnlyList<ActorSpan> actors, int v, int end, bool requireBy)
    {
        // A place phrase ("in Osgiliath", "at Cirith Ungol") names where, not whom, when another actor follows.
        ActorSpan? located = null;
        foreach (var a in actors)
        {
            var p0 = a.First - 1;
            while (p0 > v && tokens[p0].Is("the"))
            {
                p0--;
            }

            if (!requireBy && located is null && a.First > v && a.First - v <= 14 && tokens[p0].Text is "in" or "at" or "near" or "inside" &&
                actors.Any(b => b.First > a.End && b.First - v <= 14 && !b.Code.StartsWith("---", StringComparison.Ordinal)))
            {
                located ??= a;
                continue;
            }

            if (a.First <= v)
            {
                continue;
            }

            if (a.First - v > 14)
            {
                return located;
            }

            if (requireBy)
            {
                var p = a.First - 1;
                while (p > v && (tokens[p].Is("the") || tokens[p].Is("a")))
                {
                    p--;
                }

                if (!tokens[p].Is("by"))
                {
                    continue;
                }
            }

            // An actor after a comma who then speaks ("…, a senior Bree official said") is the reporter, not the target.
            if (IsReporter(tokens, v, a, end))
            {
                return located;
            }

            // Stop at a clause break: "X attacked, and Y said".
            for (var k = v + 1; k < a.First; k++)
            {
                if (tokens[k].Text is ";" || tokens[k].Is("said") || tokens[k].Is("says") || OpensClause(tokens, k))
                {
                    return null;
                }
            }

            return a;
        }

        return located;
    }

    private static readonly HashSet<string> Subordinators = new(StringComparer.OrdinalIgnoreCase)
    {
        "when", "while", "because", "although", "though", "whereas", "unless", "until", "whether",
    };

    private static readonly HashSet<string> Finite = new(StringComparer.OrdinalIgnoreCase)
    {
        "was", "were", "is", "are", "had", "has", "have", "would", "will", "could", "did",
    };

    /// <summary>
    /// Whether token k opens a subordinate clause whose actors are not the verb's object: "when …", or "after"/"before"/
    /// "since" followed by a finite verb ("after a hafling was reported on the pass of Cirith Ungol").
    /// </summary>
    private static bool OpensClause(IReadOnlyList<Token> tokens, int k)
    {
        if (Subordinators.Contains(tokens[k].Text))
        {
            return true;
        }

        if (!(tokens[k].Is("after") || tokens[k].Is("before") || tokens[k].Is("since")))
        {
            return false;
        }

        // The finite verb may follow the clause's own subject ("after Calenardhon crowds burned down its embassy"), so
        // the look-ahead runs past the candidate actor: an auxiliary, or a lower-case past form not after an article.
        for (var j = k + 1; j < tokens.Count && j <= k + 5; j++)
        {
            var w = tokens[j].Text;
            if (!tokens[j].IsWord)
            {
                break;
            }

            if (Finite.Contains(w) || (w.Length > 4 && char.IsLower(w[0]) && w.EndsWith("ed", StringComparison.Ordinal) &&
                                       !(tokens[j - 1].Is("the") || tokens[j - 1].Is("a") || tokens[j - 1].Is("an"))))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly HashSet<string> ReportVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "said", "says", "say", "told", "reported", "reports", "added", "announced", "stated", "claimed", "according",
    };

    private static bool SpeaksNext(IReadOnlyList<Token> tokens, ActorSpan a)
    {
        for (var k = a.End; k < tokens.Count && k <= a.End + 3; k++)
        {
            if (ReportVerbs.Contains(tokens[k].Text))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsReporter(IReadOnlyList<Token> tokens, int v, ActorSpan a, int end)
    {
        var comma = false;
        for (var k = a.First - 1; k > v && k >= a.First - 6; k--)
        {
            if (tokens[k].Text == ",")
            {
                comma = true;
                break;
            }
        }

        if (!comma)
        {
            return false;
        }

        for (var k = a.End; k < end && k <= a.End + 3; k++)
        {
            if (ReportVerbs.Contains(tokens[k].Text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An actor the dictionary gives several codes ("FRO/BIL/SAM") acts as each of them.</summary>
    private static IEnumerable<ActorSpan> Split(IReadOnlyList<ActorSpan> actors)
    {
        foreach (var a in actors)
        {
            if (!a.Code.Contains('/', StringComparison.Ordinal))
            {
                yield return a;
                continue;
            }

            foreach (var code in a.Code.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return a with { Code = code };
            }
        }
    }

    /// <summary>
    /// Agents joined to agents of a known country share it: "Danish media and government" is DNKMED and DNKGOV,
    /// "lawmakers and officials in Fornost and Gondor" FORLEG, GONLEG, FORGOV and GONGOV. An agent without a country
    /// is written "---" plus the agent code.
    /// </summary>
    private static List<ActorSpan> ShareCountry(List<ActorSpan> slot)
    {
        if (slot.Count < 2 || !slot.Any(a => a.Code.StartsWith("---", StringComparison.Ordinal) && a.Code.Length > 3))
        {
            return slot;
        }

        var countries = slot.Where(a => a.Code.Length > 3 && !a.Code.StartsWith("---", StringComparison.Ordinal) && char.IsLetter(a.Code[0]))
            .Select(a => a.Code[..3]).Distinct(StringComparer.Ordinal).ToList();
        if (countries.Count == 0)
        {
            return slot;
        }

        var result = new List<ActorSpan>();
        foreach (var a in slot)
        {
            if (a.Code.StartsWith("---", StringComparison.Ordinal) && a.Code.Length > 3)
            {
                result.AddRange(countries.Select(c => a with { Code = c + a.Code[3..] }));
            }
            else
            {
                result.Add(a);
            }
        }

        return result;
    }

    private static bool IsPossessive(string w) =>
        w.EndsWith("'s", StringComparison.Ordinal) || w.EndsWith("\u2019s", StringComparison.Ordinal) || w is "'" or "\u2019";

    private static bool IsJoiner(IReadOnlyList<Token> tokens, int from, int to)
    {
        // "Arnor and Gondor", "Arnor, Calenardhon and the evil awful Gondor": commas, "and", articles and adjectives.
        if (to - from > 4 || to <= from)
        {
            return false;
        }

        // A possessive owns what follows: in "Ithilen's awful and evil minister Calimehtar" the "and" joins adjectives.
        if ((from > 0 && IsPossessive(tokens[from - 1].Text)) || IsPossessive(tokens[from].Text))
        {
            return false;
        }

        var sawLink = false;
        for (var k = from; k < to; k++)
        {
            var w = tokens[k];
            if (w.Text is "," || w.Is("and") || w.Is("or") || w.Is("nor"))
            {
                sawLink = true;
                continue;
            }

            if (!(w.Is("the") || (w.IsWord && char.IsLower(w.Text[0]) && !Prepositions.Contains(w.Text))))
            {
                return false;
            }
        }

        return sawLink;
    }

    /// <summary>"Arnor and Gondor" as one slot: the actor plus every actor joined to it by "and" or a comma.</summary>
    private static IReadOnlyList<ActorSpan> Expand(IReadOnlyList<Token> tokens, IReadOnlyList<ActorSpan> actors, ActorSpan? head)
    {
        if (head is not { } h)
        {
            return [];
        }

        var list = new List<ActorSpan> { h };
        var index = actors.ToList().IndexOf(h);
        for (var i = index + 1; i < actors.Count; i++)
        {
            var prev = list[^1];
            if (IsJoiner(tokens, prev.End, actors[i].First) && !SpeaksNext(tokens, actors[i]))
            {
                list.Add(actors[i]);
            }
            else
            {
                break;
            }
        }

        for (var i = index - 1; i >= 0; i--)
        {
            var next = list[0];
            if (IsJoiner(tokens, actors[i].End, next.First))
            {
                list.Insert(0, actors[i]);
            }
            else
            {
                break;
            }
        }

        return list;
    }

    internal static Dictionary<string, string[]> IrregularVerbs()
    {
        var irregular = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in CameoLexicon.Irregular.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(' ');
            irregular[f[0]] = f;
        }

        return irregular;
    }

    private static Dictionary<string, List<VerbPattern>> BuildIndex()
    {
        var irregular = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in CameoLexicon.Irregular.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(' ');
            irregular[f[0]] = f;
        }

        var index = new Dictionary<string, List<VerbPattern>>(StringComparer.Ordinal);
        foreach (var line in CameoLexicon.Data.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split('|');
            var goldstein = double.Parse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture);
            foreach (var pattern in f[2].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // A leading "%" marks a reciprocal event: a compound subject with no object acts on itself.
                var mutual = pattern.StartsWith('%');
                var words = pattern.TrimStart('%').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var parts = new string[words.Length][];
                var verbForms = Inflect(words[0], irregular);
                parts[0] = verbForms;
                for (var i = 1; i < words.Length; i++)
                {
                    parts[i] = words[i] == "*" ? ["*"] : Plurals(words[i]);
                }

                var vp = new VerbPattern(f[0], goldstein, parts, words.Count(w => w != "*"));
                foreach (var form in verbForms)
                {
                    if (!index.TryGetValue(form, out var list))
                    {
                        index[form] = list = [];
                    }

                    list.Add(vp);
                    if (mutual)
                    {
                        list.Add(vp with { Mutual = true });
                    }
                }
            }
        }

        return index;
    }

    internal static string[] Plurals(string w) =>
        w.EndsWith('y') && w.Length > 2 && !"aeiou".Contains(w[^2]) ? [w, w[..^1] + "ies"]
        : w.EndsWith('s') || w.EndsWith('x') || w.EndsWith("ch", StringComparison.Ordinal) || w.EndsWith("sh", StringComparison.Ordinal) ? [w, w + "es"]
        : [w, w + "s"];

    /// <summary>Base, third person, past, participle and gerund forms of a verb lemma.</summary>
    internal static string[] Inflect(string verb, IReadOnlyDictionary<string, string[]> irregular)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal) { verb };
        var consonantY = verb.EndsWith('y') && verb.Length > 2 && !"aeiou".Contains(verb[^2]);
        forms.Add(consonantY ? verb[..^1] + "ies" : verb.EndsWith('s') || verb.EndsWith('x') || verb.EndsWith("ch", StringComparison.Ordinal) || verb.EndsWith("sh", StringComparison.Ordinal) || verb.EndsWith('o') ? verb + "es" : verb + "s");
        if (irregular.TryGetValue(verb, out var irr))
        {
            forms.Add(irr[1]);
            forms.Add(irr[2]);
        }
        else
        {
            forms.Add(consonantY ? verb[..^1] + "ied" : verb.EndsWith('e') ? verb + "d" : verb + "ed");
        }

        var doubled = irr is not null && irr[1].EndsWith(verb[^1].ToString() + verb[^1] + "ed", StringComparison.Ordinal);
        forms.Add(doubled ? verb + verb[^1] + "ing" : verb.EndsWith('e') && !verb.EndsWith("ee", StringComparison.Ordinal) ? verb[..^1] + "ing" : verb + "ing");
        return [.. forms];
    }
}
