using System.Text;
using Herald.Model;

namespace Herald.Web.Html;

/// <summary>
/// Renders an article body as paragraphs with its annotations marked: quotes as &lt;q&gt;, entities, places and
/// amounts as &lt;mark&gt; with a class per kind. Spans come from another stage and may be stale or overlap, so
/// only spans inside the text, inside one paragraph and properly nested are drawn; the rest are dropped.
/// Text between marks is HTML-encoded like everything else.
/// </summary>
internal static class Highlighter
{
    private sealed record Span(int Start, int End, string Open, string Close, int Rank);

    public static string Render(string text, ArticleAnnotations ann)
    {
        var spans = new List<Span>();
        foreach (var q in ann.Quotes)
        {
            var who = q.Speaker is null ? "Quote" : "Quote from " + q.Speaker;
            spans.Add(new Span(q.Start, q.End, $"<q class=\"quote\" title=\"{Html.Text(who)}\">", "</q>", 0));
        }

        foreach (var e in ann.Entities)
        {
            var kind = e.Type switch
            {
                EntityType.Person => "person",
                EntityType.Org => "org",
                EntityType.Place => "place",
                _ => "other",
            };
            spans.Add(new Span(e.Start, e.End, $"<mark class=\"{kind}\" title=\"{Html.Text(Label(e.Type) + ": " + e.Name)}\">", "</mark>", 1));
        }

        foreach (var p in ann.Places)
        {
            spans.Add(new Span(p.Start, p.End, $"<mark class=\"place\" title=\"{Html.Text("Place: " + p.Name + (p.CountryCode is null ? "" : " (" + p.CountryCode + ")"))}\">", "</mark>", 2));
        }

        foreach (var a in ann.Amounts)
        {
            spans.Add(new Span(a.Start, a.End, $"<mark class=\"amount\" title=\"{Html.Text("Amount" + (a.Object is null ? "" : " of " + a.Object))}\">", "</mark>", 3));
        }

        var accepted = Nest(text, spans);
        var sb = new StringBuilder("<p>");
        var open = new Stack<Span>();
        var next = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (open.Count > 0 && open.Peek().End == i)
            {
                sb.Append(open.Pop().Close);
            }

            while (next < accepted.Count && accepted[next].Start == i)
            {
                sb.Append(accepted[next].Open);
                open.Push(accepted[next++]);
            }

            // A paragraph break is a run of line breaks holding at least one blank line; spans never cross one.
            if (text[i] == '\n')
            {
                var j = i;
                while (j < text.Length && (text[j] == '\n' || text[j] == '\r'))
                {
                    j++;
                }

                sb.Append(text.AsSpan(i, j - i).Count('\n') >= 2 && open.Count == 0 ? "</p><p>" : " ");
                i = j;
                continue;
            }

            var end = i + 1;
            while (end < text.Length && text[end] != '\n' && !Boundary(accepted, next, open, end))
            {
                end++;
            }

            sb.Append(Html.Text(text[i..end]));
            i = end;
        }

        while (open.Count > 0)
        {
            sb.Append(open.Pop().Close);
        }

        return sb.Append("</p>").ToString().Replace("<p></p>", "", StringComparison.Ordinal);
    }

    private static bool Boundary(List<Span> accepted, int next, Stack<Span> open, int at) =>
        (next < accepted.Count && accepted[next].Start == at) || (open.Count > 0 && open.Peek().End == at);

    /// <summary>Keeps the spans that fit the text, stay in one paragraph and nest (outer first); drops crossing ones.</summary>
    private static List<Span> Nest(string text, List<Span> spans)
    {
        var valid = spans
            .Where(s => s.Start >= 0 && s.End > s.Start && s.End <= text.Length && !text.AsSpan(s.Start, s.End - s.Start).Contains("\n\n", StringComparison.Ordinal))
            .OrderBy(s => s.Start).ThenByDescending(s => s.End).ThenBy(s => s.Rank)
            .ToList();
        var accepted = new List<Span>();
        var stack = new Stack<Span>();
        foreach (var s in valid)
        {
            while (stack.Count > 0 && stack.Peek().End <= s.Start)
            {
                stack.Pop();
            }

            if (stack.Count > 0 && (s.End > stack.Peek().End || (s.Start == stack.Peek().Start && s.End == stack.Peek().End)))
            {
                continue;
            }

            accepted.Add(s);
            stack.Push(s);
        }

        return accepted;
    }

    public static string Label(EntityType t) => t switch
    {
        EntityType.Person => "Person",
        EntityType.Org => "Organisation",
        EntityType.Place => "Place",
        _ => "Other",
    };

    public const string Legend =
        "<p class=\"legend muted\"><span><mark class=\"person\">person</mark></span><span><mark class=\"org\">organisation</mark></span>" +
        "<span><mark class=\"place\">place</mark></span><span><mark class=\"amount\">amount</mark></span><span><q class=\"quote\">quotation</q></span></p>";
}
