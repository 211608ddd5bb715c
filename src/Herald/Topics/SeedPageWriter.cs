using System.Text;
using Herald.Model;
using Herald.Text;

namespace Herald.Topics;

/// <summary>
/// Writes a topic page in the seed's text format: lead headline "– Outlet", body, contributor line,
/// "View post:" with the backlink's plain-ASCII headline, then "- HEADLINE - OUTLET - Month Dth, YYYY [Month Dth, YYYY]".
/// </summary>
public static class SeedPageWriter
{
    public static string Write(TopicPage page)
    {
        var sb = new StringBuilder();
        if (page.Lead is { } lead)
        {
            sb.Append(Clean(lead.Title));
            if (lead.Outlet is not null)
            {
                sb.Append(" – ").Append(Clean(lead.Outlet));
            }

            sb.Append('\n');
            foreach (var p in lead.Paragraphs)
            {
                sb.Append(Clean(p)).Append('\n');
            }

            if (lead.Authors.Count > 0)
            {
                if (lead.Outlet is not null)
                {
                    sb.Append(Clean(lead.Outlet)).Append("'s ");
                }

                sb.Append(JoinNames(lead.Authors.Select(Clean).ToList())).Append(" contributed to this report\n");
            }

            sb.Append("View post:\n");
            sb.Append(Backlink(lead.Title));
            if (lead.Outlet is not null)
            {
                sb.Append(" - ").Append(Clean(lead.Outlet));
            }

            sb.Append('\n');
        }

        foreach (var a in page.Related)
        {
            sb.Append(RelatedLine(a)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>One "- HEADLINE - OUTLET - DATE [DATE]" line; an unknown outlet leaves the listing's "- -".</summary>
    public static string RelatedLine(Article a)
    {
        var sb = new StringBuilder("- ");
        if (a.Section is not null)
        {
            sb.Append(Clean(a.Section)).Append(" - ");
        }

        sb.Append(Clean(a.Title)).Append(" - ");
        if (a.Outlet is not null)
        {
            sb.Append(Clean(a.Outlet)).Append(" - ");
        }
        else
        {
            sb.Append("- ");
        }

        if (a.Published is { } p)
        {
            var date = ListingDates.Format(DateOnly.FromDateTime(p.UtcDateTime));
            sb.Append(date).Append(" [").Append(date).Append(']');
        }

        return sb.ToString();
    }

    /// <summary>Listings write the backlink in plain ASCII punctuation (straight quotes, hyphens).</summary>
    private static string Backlink(string title) => TextFolding.FoldPunctuation(Clean(title));

    private static string JoinNames(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "",
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1],
    };

    /// <summary>One line of text: no control characters or line breaks from hostile input can reshape the page.</summary>
    private static string Clean(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        }

        return sb.ToString().Trim();
    }
}
