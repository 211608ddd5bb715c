using System.Text;
using Herald.Model;
using Herald.Pipeline;
using Herald.Web.Attention;
using Herald.Web.Svg;

namespace Herald.Web.Html;

/// <summary>
/// What the attention chart of a topic page compares and measures: up to three other queries, counts or share, the
/// last N days (<see cref="Days"/>, null for all) and a split of the topic by outlet, language or country.
/// </summary>
internal sealed record ChartOptions(IReadOnlyList<string> Compare, bool Share, int? Days = null, string? Split = null)
{
    public static readonly ChartOptions Default = new([], false);

    /// <summary>The ranges the chart offers, in days (null: everything).</summary>
    public static readonly IReadOnlyList<(string Label, int? Days)> Ranges = [("7 days", 7), ("30 days", 30), ("90 days", 90), ("1 year", 365), ("all", null)];

    public bool IsDefault => Compare.Count == 0 && !Share && Days is null && Split is null;

    public static ChartOptions From(string[]? compare, string? measure, string? range = null, string? split = null) => new(
        (compare ?? []).Select(c => c.Trim()).Where(c => c.Length is > 0 and <= 500).Distinct(StringComparer.Ordinal).Take(AttentionData.MaxQueries - 1).ToList(),
        measure == "share",
        Ranges.FirstOrDefault(r => r.Days is { } d && range == d.ToString(System.Globalization.CultureInfo.InvariantCulture) + "d").Days,
        AttentionData.Splits.Contains(split ?? "") ? split : null);
}

/// <summary>The "Attention over time" section of a topic page: the chart, the measure switch and the compare form.</summary>
internal static class AttentionHtml
{
    public static async Task<string> SectionAsync(string topic, string queryText, TopicFilter filter, ChartOptions chart, IArticleInsights insights, CancellationToken ct)
    {
        var sb = new StringBuilder("<h2 id=\"attention\">Attention over time</h2>");
        string? error = null;
        AttentionData data;
        IReadOnlyList<string> queries = chart.Split is null ? [queryText, .. chart.Compare] : [queryText];
        try
        {
            data = await AttentionData.ForAsync(queries, insights, ct, lastDays: chart.Days, split: chart.Split);
        }
        catch (HeraldException e)
        {
            error = e.Message;
            data = await AttentionData.ForAsync([queryText], insights, ct, lastDays: chart.Days);
        }

        string Link(ChartOptions o)
        {
            var href = new StringBuilder(filter.Href(topic));
            var sep = href.ToString().Contains('?', StringComparison.Ordinal) ? '&' : '?';
            void Add(string name, string value)
            {
                href.Append(sep).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                sep = '&';
            }

            foreach (var c in o.Split is null ? o.Compare : [])
            {
                Add("compare", c);
            }

            if (o.Share)
            {
                Add("measure", "share");
            }

            if (o.Days is { } d)
            {
                Add("range", d.ToString(System.Globalization.CultureInfo.InvariantCulture) + "d");
            }

            if (o.Split is { } split)
            {
                Add("split", split);
            }

            return Html.Text(href.Append("#attention").ToString());
        }

        static string Choice(bool current, string label, string href) => current ? $"<strong>{label}</strong>" : $"<a href=\"{href}\">{label}</a>";

        sb.Append("<p class=\"views\">").Append(Choice(!chart.Share, "Articles per day", Link(chart with { Share = false })))
            .Append(" · ").Append(Choice(chart.Share, "Share of all articles", Link(chart with { Share = true })));
        var api = new StringBuilder("/api/attention?").Append(string.Join("&", queries.Select(q => "q=" + Uri.EscapeDataString(q))));
        if (chart.Days is { } days)
        {
            api.Append("&days=").Append(days);
        }

        if (chart.Split is { } sp)
        {
            api.Append("&split=").Append(sp);
        }

        sb.Append(" · <a href=\"").Append(Html.Text(api + "&format=csv")).Append("\">CSV</a> · <a href=\"").Append(Html.Text(api.ToString())).Append("\">JSON</a></p>");
        sb.Append("<p class=\"views\" aria-label=\"Range\">Range: ");
        var first = true;
        foreach (var (label, d) in ChartOptions.Ranges)
        {
            sb.Append(first ? "" : " · ").Append(Choice(chart.Days == d, label, Link(chart with { Days = d })));
            first = false;
        }

        sb.Append("</p><p class=\"views\" aria-label=\"Split\">Split: ").Append(Choice(chart.Split is null, "none", Link(chart with { Split = null })));
        foreach (var split in AttentionData.Splits)
        {
            sb.Append(" · ").Append(Choice(chart.Split == split, "by " + split, Link(chart with { Split = split })));
        }

        sb.Append("</p>");
        if (chart.Split == "country")
        {
            sb.Append("<p class=\"muted\">Countries the articles are about: those of the places they mention (a copy counts with its original's), not where they were published.</p>");
        }

        if (error is not null)
        {
            sb.Append("<p role=\"alert\" class=\"error\">").Append(Html.Text(error)).Append("</p>");
        }

        sb.Append(AttentionChart.Render(data, chart.Share, (chart.Share ? "Share of all articles per day: " : "Articles per day: ") + string.Join(" vs ", data.Lines.Select(l => l.Query))));
        sb.Append("<form method=\"get\" class=\"compare\" action=\"/topics/").Append(Uri.EscapeDataString(topic)).Append("#attention\">");
        if (filter.Outlet is not null)
        {
            sb.Append("<input type=\"hidden\" name=\"outlet\" value=\"").Append(Html.Text(filter.Outlet)).Append("\">");
        }

        if (filter.Entity is not null)
        {
            sb.Append("<input type=\"hidden\" name=\"entity\" value=\"").Append(Html.Text(filter.Entity)).Append("\">");
        }

        if (chart.Share)
        {
            sb.Append("<input type=\"hidden\" name=\"measure\" value=\"share\">");
        }

        if (chart.Days is { } range)
        {
            sb.Append("<input type=\"hidden\" name=\"range\" value=\"").Append(range).Append("d\">");
        }

        sb.Append("<label for=\"compare1\">Compare with up to three queries</label><div class=\"row\">");
        for (var i = 0; i < AttentionData.MaxQueries - 1; i++)
        {
            if (i > 0)
            {
                sb.Append("<label class=\"sr\" for=\"compare").Append(i + 1).Append("\">Query ").Append(i + 2).Append("</label>");
            }

            sb.Append("<input type=\"search\" name=\"compare\" id=\"compare").Append(i + 1).Append("\" value=\"")
                .Append(Html.Text(i < chart.Compare.Count ? chart.Compare[i] : "")).Append("\">");
        }

        sb.Append("<button type=\"submit\">Compare</button></div></form>");
        return sb.ToString();
    }
}
