using System.Text;
using Herald.Query;

namespace Herald.Storage.Sqlite;

/// <summary>Compiles the text part of a topic query into an FTS5 MATCH expression.</summary>
internal static class FtsQueryCompiler
{
    public static string Compile(QueryNode node)
    {
        var sb = new StringBuilder();
        Write(node, sb);
        return sb.ToString();
    }

    private static void Write(QueryNode node, StringBuilder sb)
    {
        switch (node)
        {
            case TermNode t:
                WriteTerm(t, sb);
                break;
            case PhraseNode p:
                sb.Append('"').AppendJoin(' ', p.Words.Select(Escape)).Append('"');
                break;
            case OrNode o:
                sb.Append('(');
                for (var i = 0; i < o.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(" OR ");
                    }

                    Write(o.Items[i], sb);
                }

                sb.Append(')');
                break;
            case AndNode a:
                // FTS5's NOT is binary ("x NOT y"), so positives are ANDed first and negatives subtracted after.
                var positives = a.Items.Where(i => i is not NotNode).ToList();
                var negatives = a.Items.OfType<NotNode>().ToList();
                sb.Append('(');
                for (var i = 0; i < positives.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(" AND ");
                    }

                    Write(positives[i], sb);
                }

                foreach (var n in negatives)
                {
                    sb.Append(" NOT ");
                    Write(n.Item, sb);
                }

                sb.Append(')');
                break;
            case NotNode:
                throw new InvalidOperationException("A lone NOT reached the compiler; the parser refuses such queries.");
            default:
                throw new InvalidOperationException($"Unexpected query node {node.GetType().Name}.");
        }
    }

    /// <summary>
    /// A capitalised word is a name: it also matches its demonyms and adjectives ("Iraq" → Iraqi, Iraqis;
    /// "Syria" → Syrian; "China" → Chinese). Possessives ("Iraq's") already match because the tokenizer splits
    /// at the apostrophe, and the porter stemmer covers plurals and verb forms.
    /// </summary>
    private static void WriteTerm(TermNode t, StringBuilder sb)
    {
        if (!t.ProperNoun || t.Word.Length < 3)
        {
            sb.Append('"').Append(Escape(t.Word)).Append('"');
            return;
        }

        // The index is porter-stemmed, and the stemmer's first step turns "Iraqis" into "iraqi": a plural next to its
        // singular is the same index term. Writing it twice would walk that term's postings twice and count it twice in bm25.
        var all = DemonymForms(t.Word);
        var forms = all.Where(f => !(f.Length > 1 && f[^1] == 's' && f[^2] != 's' && all.Contains(f[..^1], StringComparer.Ordinal))).ToList();
        sb.Append('(').AppendJoin(" OR ", forms.Select(f => "\"" + Escape(f) + "\"")).Append(')');
    }

    internal static IReadOnlyList<string> DemonymForms(string word)
    {
        var w = word.ToLowerInvariant();
        var forms = new List<string> { w, w + "i", w + "is", w + "n", w + "ns", w + "ian", w + "ians", w + "ese", w + "ish" };
        if (w[^1] is 'a' or 'e' or 'y' or 'o')
        {
            var stem = w[..^1];
            forms.AddRange([stem + "ian", stem + "ians", stem + "an", stem + "ans", stem + "ese", stem + "ish", stem + "i", stem + "is"]);
        }

        if (w.EndsWith("ey", StringComparison.Ordinal))
        {
            forms.Add(w[..^2] + "ish");
        }

        return forms.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Escape(string word) => word.Replace("\"", "\"\"", StringComparison.Ordinal);
}
