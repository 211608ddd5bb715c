using System.Text;
using Herald.Query;
using Herald.Storage.Sqlite;

namespace Herald.Storage.Postgres;

/// <summary>
/// Compiles the text part of a topic query into <c>to_tsquery</c> input for the store's <c>herald</c> text search
/// configuration, which stems each quoted word as the index was stemmed. The same language as
/// <see cref="FtsQueryCompiler"/> gives FTS5: words, phrases (<c>&lt;-&gt;</c>), AND, OR, NOT, and a capitalised
/// word that also matches its demonyms.
/// </summary>
internal static class TsQueryCompiler
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
                sb.Append('(').AppendJoin(" <-> ", p.Words.Select(Quote)).Append(')');
                break;
            case OrNode o:
                WriteList(o.Items, " | ", sb);
                break;
            case AndNode a:
                // tsquery's NOT is unary, so negatives stay where they are: (a & b & !c).
                WriteList(a.Items, " & ", sb);
                break;
            case NotNode n:
                sb.Append('!');
                Write(n.Item, sb);
                break;
            default:
                throw new InvalidOperationException($"Unexpected query node {node.GetType().Name}.");
        }
    }

    private static void WriteList(IReadOnlyList<QueryNode> items, string op, StringBuilder sb)
    {
        sb.Append('(');
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(op);
            }

            Write(items[i], sb);
        }

        sb.Append(')');
    }

    /// <summary>A capitalised word is a name: it also matches its demonyms ("Iraq" → Iraqi, Iraqis), as in FTS5.</summary>
    private static void WriteTerm(TermNode t, StringBuilder sb)
    {
        if (!t.ProperNoun || t.Word.Length < 3)
        {
            sb.Append(Quote(t.Word));
            return;
        }

        sb.Append('(').AppendJoin(" | ", FtsQueryCompiler.DemonymForms(t.Word).Select(Quote)).Append(')');
    }

    /// <summary>A quoted tsquery operand: the configuration still normalises (stems, folds accents) what is inside.</summary>
    private static string Quote(string word) =>
        "'" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
