using System.Text;
using System.Xml;
using Herald.Model;

namespace Herald.Evaluation.Stories;

/// <summary>One ECB+ document as plain text with its gold topic and subtopic (the story).</summary>
public sealed record EcbDocument(string Id, int Topic, string Subtopic, string Title, string Text)
{
    public Article ToArticle() => new() { Id = Id, Title = Title, Text = Text };
}

/// <summary>
/// Reads ECB+ (../shared/data/stories/ecbplus) the way ../shared/tools/eval/ecb.py does: tokens joined back into
/// sentences, one paragraph per sentence, the first sentence as title, lines that are bare URLs dropped.
/// Nothing but the text reaches the clusterer; the markables stay unread.
/// </summary>
public static class EcbPlusCorpus
{
    private static readonly HashSet<string> NoSpaceBefore = new(StringComparer.Ordinal)
    {
        ".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "'", "\"", "'s", "n't", "'re", "'ve", "'ll", "'d", "'m",
    };

    public static IReadOnlyList<EcbDocument> Load(string ecbDirectory)
    {
        var gold = new Dictionary<string, (int Topic, string Sub)>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(ecbDirectory, "gold_doc_clusters.tsv")).Skip(1))
        {
            var parts = line.Split('\t');
            if (parts.Length == 3)
            {
                gold[parts[0]] = (int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]);
            }
        }

        var docs = new List<EcbDocument>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ecbDirectory, "docs"), "*.xml", SearchOption.AllDirectories)
                     .Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileNameWithoutExtension(file);
            if (!gold.TryGetValue(id, out var g))
            {
                continue;
            }

            var lines = Sentences(file).Where(l => !l.StartsWith("http", StringComparison.OrdinalIgnoreCase)).ToList();
            if (lines.Count == 0)
            {
                continue;
            }

            var title = lines[0].Length > 200 ? lines[0][..200] : lines[0];
            docs.Add(new EcbDocument(id, g.Topic, g.Sub, title, string.Join("\n\n", lines)));
        }

        return docs;
    }

    /// <summary>A fixed pseudo-random order (publication order is unknown in ECB+); <paramref name="seed"/> picks one.</summary>
    public static List<EcbDocument> Shuffled(IReadOnlyList<EcbDocument> docs, int seed)
    {
        var list = docs.ToList();
        var rng = new Random(seed);
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }

    private static IEnumerable<string> Sentences(string file)
    {
        var sentences = new SortedDictionary<int, List<string>>();
        using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Name == "token")
            {
                var s = int.Parse(reader.GetAttribute("sentence") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                var text = reader.ReadElementContentAsString();
                if (!sentences.TryGetValue(s, out var list))
                {
                    sentences[s] = list = [];
                }

                list.Add(text);
            }
        }

        foreach (var tokens in sentences.Values)
        {
            yield return Detokenize(tokens);
        }
    }

    private static string Detokenize(List<string> tokens)
    {
        var sb = new StringBuilder();
        foreach (var t in tokens)
        {
            var s = sb.ToString();
            if (sb.Length == 0 || NoSpaceBefore.Contains(t) || s.EndsWith('(') || s.EndsWith('[') || s.EndsWith('{') || s.EndsWith('$') || s.EndsWith("``", StringComparison.Ordinal))
            {
                sb.Append(t);
            }
            else
            {
                sb.Append(' ').Append(t);
            }
        }

        return sb.ToString();
    }
}
