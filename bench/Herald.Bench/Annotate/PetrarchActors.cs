using System.Globalization;
using System.Text.RegularExpressions;
using Herald.Annotate;
using Herald.Annotate.Events;
using Herald.Model;

namespace Herald.Bench.Annotate;

/// <summary>
/// Reads a PETRARCH actor and agent dictionary pair (the validation suites' toy dictionaries: Middle-earth countries and
/// the like) so Herald's event coder can be measured on those suites with the actors the expected codings assume. Only the
/// actors come from these files; the verbs are Herald's own lexicon. Supported: phrases with spaces or underscores,
/// "+" synonyms, dated code blocks ("[HOB &lt; 950601]", "[X 19950601 - 19990815]", "[Y &gt; 990816]"), agents with
/// "~" suffix or prefix codes and "{PLURAL}" forms.
/// </summary>
internal sealed partial class PetrarchActors : IActorCoder
{
    private readonly Dictionary<string, List<(string[] Words, List<(string Code, int From, int To)> Codes)>> _actors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string[] Words, string Code)>> _agents = new(StringComparer.Ordinal);

    public PetrarchActors(string actorFile, string agentFile)
    {
        LoadActors(File.ReadAllLines(actorFile));
        LoadAgents(File.ReadAllLines(agentFile));
    }

    /// <summary>The record date (yyyyMMdd) that dated code blocks are checked against.</summary>
    public int Date { get; set; } = 20000101;

    public IReadOnlyList<ActorSpan> Find(TextUnits units, Sentence sentence, IReadOnlyList<EntityMention> entities)
    {
        var tokens = units.Tokens;
        var end = sentence.FirstToken + sentence.TokenCount;
        var words = new string[end - sentence.FirstToken];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = CapitalisedNameFinder.Bare(tokens[sentence.FirstToken + i].Text).ToUpperInvariant();
        }

        var found = new List<ActorSpan>();
        string? sharedAgent = null;
        for (var i = 0; i < words.Length; i++)
        {
            var actor = Longest(_actors, words, i, e => e.Words, out var actorEntry);
            if (actor > 0)
            {
                var code = CodeAt(actorEntry.Codes);
                var stop = i + actor;
                // Actor then agent ("Arnor's president", "Gondor troops").
                var agentLen = Longest(_agents, words, stop, e => e.Words, out var agentEntry);
                if (agentLen == 0 && IsPossessive(tokens[sentence.FirstToken + stop - 1].Text))
                {
                    // "Ithilen's awful and evil minister": the possessor's agent may follow a few describing words.
                    for (var k = stop; k < words.Length && k <= stop + 4 && IsDescribing(tokens[sentence.FirstToken + k]); k++)
                    {
                        if (Longest(_agents, words, k + 1, e => e.Words, out agentEntry) is var late and > 0)
                        {
                            agentLen = k + 1 - stop + late;
                            break;
                        }
                    }
                }

                if (agentLen > 0)
                {
                    code = Combine(code, agentEntry.Code);
                    stop += agentLen;
                }
                else if (found.Count > 0 && found[^1].End == i && found[^1].Code.StartsWith("---", StringComparison.Ordinal))
                {
                    // Agent then actor ("the president of Arnor" arrives here without "of"; "Arnorian president" above).
                }

                // "Bree President Romendacil": a name right after the actor's agent is the same actor.
                if (agentLen > 0 && Longest(_actors, words, stop, e => e.Words, out _) is var named and > 0)
                {
                    stop += named;
                }

                if (code is "---" or "+++")
                {
                    i = stop - 1;
                    continue;
                }

                // "The ambassadors of Arnor, Osgiliath and Gondor": the agent before a list applies to every member.
                if (agentLen == 0 && sharedAgent is not null && found.Count > 0 && Joined(words, found[^1].End - sentence.FirstToken, i))
                {
                    code = Combine(code, sharedAgent);
                }
                else
                {
                    sharedAgent = null;
                }

                found.Add(Make(units, sentence, i, stop, code));
                i = stop - 1;
                continue;
            }

            var agent = Longest(_agents, words, i, e => e.Words, out var agentOnly);
            if (agent > 0)
            {
                var stop = i + agent;
                // "president of Arnor", "activists in Arnor", "soldiers from Gondor", "MSF Arnor" → actor with the agent.
                if (stop < words.Length && Longest(_actors, words, stop, e => e.Words, out var nextActor) is var direct and > 0)
                {
                    var baseCode = CodeAt(nextActor.Codes);
                    var end2 = stop + direct;
                    var code2 = Combine(baseCode, agentOnly.Code);
                    if (Longest(_agents, words, end2, e => e.Words, out var trailing) is var t2 and > 0)
                    {
                        code2 = Combine(code2, trailing.Code);
                        end2 += t2;
                    }

                    found.Add(Make(units, sentence, i, end2, code2));
                    i = end2 - 1;
                    continue;
                }

                if (stop + 1 < words.Length && words[stop] is "OF" or "IN" or "FROM")
                {
                    var after = Longest(_actors, words, stop + 1, e => e.Words, out var ofActor);
                    if (after > 0)
                    {
                        var baseCode = CodeAt(ofActor.Codes);
                        found.Add(Make(units, sentence, i, stop + 1 + after, Combine(baseCode, agentOnly.Code)));
                        sharedAgent = agentOnly.Code;
                        i = stop + after;
                        continue;
                    }
                }

                found.Add(Make(units, sentence, i, stop, Combine("---", agentOnly.Code)));
                i = stop - 1;
            }
        }

        return found;
    }

    private static bool IsPossessive(string token) =>
        token.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || token.EndsWith("\u2019s", StringComparison.OrdinalIgnoreCase) || token.EndsWith("s'", StringComparison.OrdinalIgnoreCase);

    /// <summary>A lower-case word or "and" between a possessor and its agent: names and punctuation end the run.</summary>
    private static bool IsDescribing(Token t) => t.IsWord && char.IsLower(t.Text[0]);

    private static bool Joined(string[] words, int from, int to)
    {
        if (to <= from || to - from > 2)
        {
            return false;
        }

        for (var k = from; k < to; k++)
        {
            if (words[k] is not ("," or "AND"))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A dated block that covers the record's date wins over the undated default.</summary>
    private string CodeAt(List<(string Code, int From, int To)> codes)
    {
        foreach (var (code, from, to) in codes)
        {
            if ((from > 0 || to < 99999999) && Date >= from && Date <= to)
            {
                return code;
            }
        }

        foreach (var (code, from, to) in codes)
        {
            if (from == 0 && to == 99999999)
            {
                return code;
            }
        }

        return codes[0].Code;
    }

    private static ActorSpan Make(TextUnits units, Sentence s, int from, int to, string code)
    {
        var tokens = units.Tokens;
        var first = s.FirstToken + from;
        var last = s.FirstToken + to - 1;
        return new ActorSpan(first, last + 1, code, units.Text[tokens[first].Start..tokens[last].End]);
    }

    private static string Combine(string actor, string agent)
    {
        var suffix = agent.StartsWith('~') ? agent[1..] : null;
        var prefix = agent.EndsWith('~') ? agent[..^1] : null;
        if (suffix is not null)
        {
            return actor.EndsWith(suffix, StringComparison.Ordinal) && actor.Length > 3 ? actor : actor + suffix;
        }

        return prefix is not null ? prefix + actor : actor + agent;
    }

    private static int Longest<T>(Dictionary<string, List<T>> index, string[] words, int at, Func<T, string[]> wordsOf, out T best)
    {
        best = default!;
        if (at >= words.Length || !index.TryGetValue(words[at], out var candidates))
        {
            return 0;
        }

        var bestLen = 0;
        foreach (var c in candidates)
        {
            var w = wordsOf(c);
            if (w.Length > bestLen && at + w.Length <= words.Length && w.AsSpan().SequenceEqual(words.AsSpan(at, w.Length)))
            {
                best = c;
                bestLen = w.Length;
            }
        }

        return bestLen;
    }

    private static string[] Phrase(string s) =>
        s.Trim().TrimEnd('_').Split([' ', '_'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToUpperInvariant()).ToArray();

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return (hash >= 0 ? line[..hash] : line).TrimEnd();
    }

    private void LoadActors(string[] lines)
    {
        var names = new List<string[]>();
        var codes = new List<(string, int, int)>();
        void Flush()
        {
            if (names.Count > 0 && codes.Count > 0)
            {
                foreach (var n in names)
                {
                    if (!_actors.TryGetValue(n[0], out var list))
                    {
                        _actors[n[0]] = list = [];
                    }

                    list.Add((n, [.. codes]));
                }
            }

            names.Clear();
            codes.Clear();
        }

        foreach (var raw in lines)
        {
            var line = StripComment(raw);
            if (line.TrimStart().StartsWith("<!--", StringComparison.Ordinal) || line.Trim().Length == 0)
            {
                continue;
            }

            var trimmed = line.Trim();
            if (trimmed.StartsWith('+'))
            {
                names.Add(Phrase(trimmed[1..]));
                continue;
            }

            if (trimmed.StartsWith('['))
            {
                codes.Add(ParseCode(trimmed));
                continue;
            }

            if (char.IsWhiteSpace(line[0]))
            {
                continue;
            }

            Flush();
            var bracket = trimmed.IndexOf('[', StringComparison.Ordinal);
            names.Add(Phrase(bracket >= 0 ? trimmed[..bracket] : trimmed));
            if (bracket >= 0)
            {
                codes.Add(ParseCode(trimmed[bracket..]));
            }
        }

        Flush();
    }

    private static (string Code, int From, int To) ParseCode(string block)
    {
        var m = CodeBlock().Match(block);
        if (!m.Success)
        {
            return ("---", 0, 99999999);
        }

        var code = m.Groups[1].Value;
        var rest = m.Groups[2].Value.Trim();
        if (rest.StartsWith('<'))
        {
            return (code, 0, FullDate(rest[1..]) - 1);
        }

        if (rest.StartsWith('>'))
        {
            return (code, FullDate(rest[1..]) + 1, 99999999);
        }

        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? (code, FullDate(rest[..dash]), FullDate(rest[(dash + 1)..])) : (code, 0, 99999999);
    }

    private static int FullDate(string s)
    {
        s = s.Trim();
        var n = int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
        return s.Length == 6 ? (n / 10000 > 30 ? 19000000 : 20000000) + n : n;
    }

    /// <summary>
    /// Agent lines may use substitution markers defined as "!PERSON! = MAN, MEN, WOMAN": "CONGRESS!PERSON!" stands for
    /// CONGRESSMAN, CONGRESSMEN and so on, "!MINST!_OF_SILLY_WALKS" for MINISTRY_OF_SILLY_WALKS and its siblings.
    /// </summary>
    private static IEnumerable<string> ExpandMarkers(string[] lines)
    {
        var markers = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var raw in lines)
        {
            var line = StripComment(raw).Trim();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('!') && eq > 0)
            {
                markers[line[..eq].Trim()] = line[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }

        foreach (var raw in lines)
        {
            var line = StripComment(raw).Trim();
            if (line.StartsWith('!') && line.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }

            var expanded = new List<string> { line };
            foreach (var (marker, values) in markers)
            {
                expanded = [.. expanded.SelectMany(l => l.Contains(marker, StringComparison.Ordinal) ? values.Select(v => l.Replace(marker, v, StringComparison.Ordinal)) : [l])];
            }

            foreach (var l in expanded)
            {
                yield return l;
            }
        }
    }

    private void LoadAgents(string[] lines)
    {
        foreach (var line in ExpandMarkers(lines))
        {
            if (line.Length == 0 || line.StartsWith("<!--", StringComparison.Ordinal) || line.Contains('!', StringComparison.Ordinal))
            {
                continue;
            }

            var bracket = line.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0)
            {
                continue;
            }

            var code = line[(bracket + 1)..line.IndexOf(']', bracket)].Trim();
            var head = line[..bracket];
            var plurals = new List<string[]>();
            var brace = head.IndexOf('{', StringComparison.Ordinal);
            if (brace >= 0)
            {
                var inner = head[(brace + 1)..head.IndexOf('}', brace)];
                plurals.AddRange(inner.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Phrase));
                head = head[..brace];
            }

            var words = Phrase(head);
            if (words.Length == 0)
            {
                continue;
            }

            var forms = new List<string[]> { words };
            // "POLICE {}" lists no plural on purpose ("polices" is no agent); only an entry without braces gets the regular one.
            if (brace < 0)
            {
                var last = words[^1];
                forms.Add([.. words[..^1], last.EndsWith('S') || last.EndsWith('H') ? last + "ES" : last.EndsWith('Y') ? last[..^1] + "IES" : last + "S"]);
            }

            forms.AddRange(plurals);
            foreach (var f in forms)
            {
                if (!_agents.TryGetValue(f[0], out var list))
                {
                    _agents[f[0]] = list = [];
                }

                list.Add((f, code));
            }
        }
    }

    [GeneratedRegex(@"\[\s*([^\s\]]+)\s*([^\]]*)\]")]
    private static partial Regex CodeBlock();
}
