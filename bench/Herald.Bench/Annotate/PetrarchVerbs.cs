using System.Text.RegularExpressions;
using Herald.Annotate.Events;

namespace Herald.Bench.Annotate;

/// <summary>
/// Reads a PETRARCH verb dictionary (the suites' toy verbs, read at run time and never committed) into the event
/// coder's pattern form, so the coder's own actor and dyad logic can be measured on the codes the suites expect.
/// Supported subset: "--- VERB [code] ---" blocks with their verb forms ("{…}" lists explicit forms, "DOWNPLAY [014]"
/// gives a form its own default code), "- A B * C D [code]" patterns (words before "*" precede the verb, words after
/// follow it, with gaps; words joined by "_" must be adjacent), "&amp;SYNSET" lists including multi-word members,
/// UniversalPetrarch's "(PREP NOUN)" groups (their words must appear) and "{NOUN PHRASE}" groups (adjacent), "[a:b]" codes (b codes the
/// reverse event), "%" (a compound subject acting on itself) and "+ * … $" (the subject is the target, the actor after
/// the verb the source); other placements of the source/target markers ("$", "+") are ignored.
/// </summary>
internal static partial class PetrarchVerbs
{
    public static Dictionary<string, List<EventCoder.VerbPattern>> Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var synsets = ReadSynsets(lines);
        var irregular = EventCoder.IrregularVerbs();
        var index = new Dictionary<string, List<EventCoder.VerbPattern>>(StringComparer.Ordinal);
        string? blockCode = null;
        var forms = new List<string>();
        var patterns = new List<(string[][] Before, string[][] After, string Code, bool Mutual, bool Swapped)>();
        var ownCodes = new Dictionary<string, string>(StringComparer.Ordinal);

        void Flush()
        {
            if (forms.Count == 0)
            {
                patterns.Clear();
                return;
            }

            var all = forms.Distinct(StringComparer.Ordinal).ToArray();
            var entries = new List<EventCoder.VerbPattern>();
            foreach (var (before, after, code, mutual, swapped) in patterns)
            {
                if (code != "---")
                {
                    entries.Add(Make(code, all, before, after) with { Mutual = mutual, Swapped = swapped });
                }
            }

            foreach (var f in all)
            {
                if (!index.TryGetValue(f, out var list))
                {
                    index[f] = list = [];
                }

                // A form listed with its own code ("DOWNPLAY [014]") uses it when no pattern matches; the others the block's.
                var own = ownCodes.GetValueOrDefault(f, blockCode ?? "---");
                if (own != "---")
                {
                    list.Add(Make(own, all, [], []));
                }

                list.AddRange(entries);
            }

            forms.Clear();
            patterns.Clear();
            ownCodes.Clear();
        }

        var inBlock = false;
        foreach (var raw in lines)
        {
            var line = Strip(raw);
            if (line.Length == 0)
            {
                continue;
            }

            var header = Header().Match(line);
            if (header.Success)
            {
                Flush();
                blockCode = header.Groups[2].Value.Trim();
                inBlock = true;
                continue;
            }

            if (line.StartsWith('&') || line.StartsWith('+') || line.StartsWith('<'))
            {
                if (line.StartsWith('&'))
                {
                    Flush();
                    inBlock = false;
                }

                continue;
            }

            if (!inBlock)
            {
                continue;
            }

            if (line.StartsWith('-'))
            {
                var m = PatternCode().Match(line);
                if (!m.Success)
                {
                    continue;
                }

                var body = line[1..m.Index].Trim();
                var star = body.IndexOf('*', StringComparison.Ordinal);
                var beforeText = star >= 0 ? body[..star] : "";
                var afterText = star >= 0 ? body[(star + 1)..] : body;
                // "%" stands for a compound subject whose members act on each other ("% * [030:030]").
                // "+" marks the target and "$" the source: "- + * MONEY $" has the subject receive from the actor after it.
                patterns.Add((Words(beforeText, synsets), Words(afterText, synsets), m.Groups[1].Value.Trim(), beforeText.Contains('%', StringComparison.Ordinal),
                    beforeText.Contains('+', StringComparison.Ordinal) && afterText.Contains('$', StringComparison.Ordinal)));
                continue;
            }

            // A verb form line: "CONDEMN", "WIRE_+TAP {WIRE_+TAPPED WIRE_+TAPPING}".
            string? formCode = null;
            var codeMatch = PatternCode().Match(line);
            if (codeMatch.Success)
            {
                formCode = codeMatch.Groups[1].Value.Trim();
                line = line[..codeMatch.Index].Trim();
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var lemma = (brace >= 0 ? line[..brace] : line).Trim();
            var lemmaWords = Clean(lemma);
            if (lemmaWords.Length != 1)
            {
                continue; // multi-word verbs are out of the supported subset
            }

            var lineForms = new List<string>();
            if (brace >= 0)
            {
                lineForms.Add(lemmaWords[0]);
                var inner = line[(brace + 1)..Math.Max(brace + 1, line.IndexOf('}', brace))];
                lineForms.AddRange(inner.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => Clean(w)).Where(w => w.Length == 1).Select(w => w[0]));
            }
            else
            {
                lineForms.AddRange(EventCoder.Inflect(lemmaWords[0], irregular));
            }

            forms.AddRange(lineForms);
            if (formCode is not null)
            {
                foreach (var f in lineForms)
                {
                    ownCodes[f] = formCode;
                }
            }
        }

        Flush();
        return index;
    }

    private static EventCoder.VerbPattern Make(string code, string[] forms, string[][] before, string[][] after)
    {
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        var forward = colon >= 0 ? code[..colon] : code;
        var reverse = colon >= 0 ? code[(colon + 1)..] : null;
        var parts = new List<string[]> { forms };
        foreach (var w in after)
        {
            parts.Add(["*"]);
            parts.Add(w);
        }

        return new EventCoder.VerbPattern(forward, 0, [.. parts], Weight(after) + Weight(before) + 1)
        {
            Before = before,
            ReverseCode = reverse is null or "---" ? null : reverse,
        };
    }

    /// <summary>How specific a pattern part list is: its words, counting each adjacent phrase by its shortest alternative.</summary>
    private static int Weight(string[][] parts) => parts.Sum(p => p.Min(a => a.Count(c => c == ' ') + 1));

    private static string[][] Words(string text, Dictionary<string, string[]> synsets)
    {
        // Words joined by "_" must be adjacent ("MOST_CERTAINLY_&NEGATVAUXVRB_EVER"), so each joined group becomes one
        // part whose alternatives are whole phrases; words separated by spaces may have other words between them.
        // A "{NOUN PHRASE}" group is one noun phrase: its words are adjacent ("{NEW &TIETYPES RELATIONS}" is not "new
        // global economic trade relations"), so they are joined as if written with "_".
        text = NounPhrase().Replace(text, m => m.Value.Replace(' ', '_'));
        var result = new List<string[]>();
        foreach (var group in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var phrases = new List<string> { "" };
            foreach (var raw in group.Split('_', StringSplitOptions.RemoveEmptyEntries))
            {
                // UniversalPetrarch writes prepositional phrases in parentheses ("(OVER EFFORTS)"): their words must appear.
                var w = raw.Trim('+', '$', '%', '^', '{', '}', '(', ')');
                if (w.Length == 0)
                {
                    continue;
                }

                string[] alternatives = w.StartsWith('&') ? synsets.GetValueOrDefault(w, []) : EventCoder.Plurals(w.ToLowerInvariant());
                if (alternatives.Length == 0)
                {
                    continue;
                }

                phrases = [.. phrases.SelectMany(p => alternatives.Select(a => p.Length == 0 ? a : p + " " + a))];
            }

            if (phrases is not [""])
            {
                result.Add([.. phrases.Distinct(StringComparer.Ordinal)]);
            }
        }

        return [.. result];
    }

    private static string[] Clean(string phrase) =>
        phrase.Split([' ', '_'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('+', '$', '%').ToLowerInvariant()).Where(w => w.Length > 0).ToArray();

    private static Dictionary<string, string[]> ReadSynsets(string[] lines)
    {
        var synsets = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? current = null;
        var words = new List<string>();
        foreach (var raw in lines)
        {
            var line = Strip(raw);
            if (line.StartsWith('&'))
            {
                if (current is not null)
                {
                    synsets[current] = [.. words];
                }

                current = line.Split(' ')[0];
                words.Clear();
            }
            else if (current is not null && line.StartsWith('+'))
            {
                // Multi-word members ("AUSTRIAN GOLD FLORIN", "DID N'T") are phrases the coder matches word for word.
                var member = line[1..].Trim();
                if (member.StartsWith('&'))
                {
                    words.Add(member.Split(' ')[0]);
                }
                else
                {
                    var parts = Clean(member);
                    if (parts.Length == 1)
                    {
                        words.AddRange(EventCoder.Plurals(parts[0]));
                    }
                    else if (parts.Length > 1)
                    {
                        var head = string.Join(' ', parts[..^1]);
                        words.AddRange(EventCoder.Plurals(parts[^1]).Select(last => head + " " + last));
                    }
                }
            }
            else if (current is not null && line.Length > 0)
            {
                synsets[current] = [.. words];
                current = null;
            }
        }

        if (current is not null)
        {
            synsets[current] = [.. words];
        }

        // Synsets may list other synsets ("+&TIETYPES"): expand one level.
        foreach (var key in synsets.Keys.ToList())
        {
            synsets[key] = synsets[key].SelectMany(w => w.StartsWith('&') && synsets.TryGetValue(w, out var inner) ? inner : [w]).ToArray();
        }

        return synsets;
    }

    private static string Strip(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return (hash >= 0 ? line[..hash] : line).Trim();
    }

    [GeneratedRegex(@"^---\s*(.*?)\s*\[([^\]]*)\]\s*---")]
    private static partial Regex Header();

    [GeneratedRegex(@"\[([^\]]+)\]\s*$")]
    private static partial Regex PatternCode();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex NounPhrase();
}
