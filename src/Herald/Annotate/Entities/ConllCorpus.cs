using Herald.Model;

namespace Herald.Annotate.Entities;

/// <summary>
/// A CoNLL-format file (token, tag per line; blank lines between sentences) laid out as texts the way
/// ../shared/tools/eval/herald_eval.py builds them: a fixed number of sentences per record, tokens joined by
/// spaces, sentences by newlines. Gold spans follow the same IOB reading as that script.
/// </summary>
public sealed class ConllCorpus
{
    private ConllCorpus(List<ConllRecord> records) => Records = records;

    public IReadOnlyList<ConllRecord> Records { get; }

    public int TokenCount => Records.Sum(r => r.Tokens.Count);

    /// <summary>Reads a CoNLL file; <paramref name="typeMap"/> maps a tag's type (after B-/I-) to PER/ORG/LOC/MISC or null to drop it.</summary>
    public static ConllCorpus Read(string path, int sentencesPerRecord = 25, Func<string, string?>? typeMap = null) =>
        Read(path, sentencesPerRecord, typeMap, byDocument: false);

    /// <summary>
    /// Reads a CoNLL file as one record per document (a -DOCSTART- line opens each), as news arrives: the
    /// document's other mentions of a name are in the same text. Document k of the file is record k.
    /// </summary>
    public static ConllCorpus ReadDocuments(string path, Func<string, string?>? typeMap = null) =>
        Read(path, int.MaxValue, typeMap, byDocument: true);

    /// <summary>
    /// Which half of a development set document <paramref name="index"/> falls in: 0 (the tuning half) or 1 (the
    /// held half), from a fixed hash of its position so the halves stay the same from run to run.
    /// </summary>
    public static int HalfOf(int index)
    {
        ulong z = (ulong)index + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 1);
    }

    private static ConllCorpus Read(string path, int sentencesPerRecord, Func<string, string?>? typeMap, bool byDocument)
    {
        if (!File.Exists(path))
        {
            throw new HeraldException(path, "no such CoNLL file");
        }

        typeMap ??= static t => BilouTags.TypeIndex(t) >= 0 ? t : null;
        var sentences = new List<List<(string Token, string Tag)>>();
        var documentStarts = new List<int>();
        var current = new List<(string, string)>();
        int lineNo = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNo++;
            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 1 && line.Contains('\t', StringComparison.Ordinal))
            {
                continue; // a whitespace-only token (tweets carry some): nothing to place in the text
            }

            if (parts.Length == 0 || parts[0] == "-DOCSTART-")
            {
                if (current.Count > 0)
                {
                    sentences.Add(current);
                    current = [];
                }

                if (parts.Length > 0 && (documentStarts.Count == 0 || documentStarts[^1] != sentences.Count))
                {
                    documentStarts.Add(sentences.Count);
                }

                continue;
            }

            if (parts.Length < 2)
            {
                throw new HeraldException($"{path}:{lineNo.ToString(System.Globalization.CultureInfo.InvariantCulture)}", "expected a token and a tag");
            }

            current.Add((parts[0], parts[1]));
        }

        if (current.Count > 0)
        {
            sentences.Add(current);
        }

        var records = new List<ConllRecord>();
        if (byDocument)
        {
            if (documentStarts.Count == 0)
            {
                documentStarts = DatelineStarts(sentences);
            }

            if (documentStarts.Count == 0 || documentStarts[0] != 0)
            {
                documentStarts.Insert(0, 0);
            }

            documentStarts.Add(sentences.Count);
            for (int d = 0; d + 1 < documentStarts.Count; d++)
            {
                if (documentStarts[d + 1] > documentStarts[d])
                {
                    records.Add(Build(sentences, documentStarts[d], documentStarts[d + 1], typeMap));
                }
            }

            return new ConllCorpus(records);
        }

        for (int k = 0; k < sentences.Count; k += sentencesPerRecord)
        {
            records.Add(Build(sentences, k, Math.Min(sentences.Count, k + sentencesPerRecord), typeMap));
        }

        return new ConllCorpus(records);
    }

    /// <summary>
    /// Document starts of a CoNLL-2003 file stripped of its -DOCSTART- lines: every Reuters story opens with a
    /// headline followed by a dateline ("LONDON 1996-08-30"), so a document starts at the sentence before each
    /// short sentence ending in an ISO date.
    /// </summary>
    private static List<int> DatelineStarts(List<List<(string Token, string Tag)>> sentences)
    {
        var starts = new List<int>();
        for (int k = 0; k < sentences.Count; k++)
        {
            var s = sentences[k];
            string last = s[^1].Token;
            bool dateline = s.Count <= 8 && last.Length == 10 && last[4] == '-' && last[7] == '-' &&
                            last.Where((c, i) => i is not (4 or 7)).All(char.IsAsciiDigit);
            int start = Math.Max(0, k - 1);
            if (dateline && (starts.Count == 0 || starts[^1] < start))
            {
                starts.Add(start);
            }
        }

        return starts;
    }

    private static ConllRecord Build(List<List<(string Token, string Tag)>> sentences, int from, int to, Func<string, string?> typeMap)
    {
        var text = new System.Text.StringBuilder();
        var tokens = new List<TextToken>();
        var ranges = new List<SentenceRange>();
        var spans = new List<(int Start, int End, int Type)>();
        for (int k = from; k < to; k++)
        {
            int first = tokens.Count;
            int open = -1;
            string? openType = null;
            foreach (var (tok, tag) in sentences[k])
            {
                int index = tokens.Count;
                tokens.Add(new TextToken(text.Length, text.Length + tok.Length));
                text.Append(tok).Append(' ');
                string? type = tag.Length > 2 && tag[1] == '-' ? tag[2..] : null;
                bool begin = tag.StartsWith("B-", StringComparison.Ordinal) ||
                             (tag.StartsWith("I-", StringComparison.Ordinal) && (open < 0 || openType != type));
                if (begin || type is null)
                {
                    Close(open, index, openType, typeMap, spans);
                    open = type is null ? -1 : index;
                    openType = type;
                }
            }

            Close(open, tokens.Count, openType, typeMap, spans);
            ranges.Add(new SentenceRange(first, tokens.Count));
            text.Length--; // the last space becomes the newline
            text.Append('\n');
        }

        return new ConllRecord(text.ToString(), tokens, ranges, spans);
    }

    private static void Close(int open, int end, string? type, Func<string, string?> typeMap, List<(int, int, int)> spans)
    {
        if (open < 0 || type is null)
        {
            return;
        }

        string? mapped = typeMap(type);
        if (mapped is not null)
        {
            spans.Add((open, end, BilouTags.TypeIndex(mapped)));
        }
    }
}

/// <summary>One text of a CoNLL corpus with its tokens, sentences and gold spans (token indices, type index).</summary>
public sealed record ConllRecord(
    string Text, List<TextToken> Tokens, List<SentenceRange> Sentences, List<(int Start, int End, int Type)> Spans);
