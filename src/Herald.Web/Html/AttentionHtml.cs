using System.Text;
using Herald.Model;
using Herald.Pipeline;
using Herald.Web.Attention;
using Herald.Web.Svg;

namespace Herald.Web.Html;

/// <summary>What the attention chart of a topic page compares and measures: up to three other queries, counts or share.</summary>
internal sealed record ChartOptions(IReadOnlyList<string> Compare, bool Share)
{
    public static readonly ChartOptions Default = new([], false);

    public bool IsDefault => Compare.Count == 0 && !Share;

    public static ChartOptions From(string[]? compare, string? measure) => new(
        (compare ?? []).Select(c => c.Trim()).Where(c => c.Length is > 0 and <= 500).Distinct(StringComparer.Ordinal).Take(AttentionData.MaxQueries - 1).ToList(),
        measure == "share");
}

/// <summary>The "Attention over time" section of a topic page: the chart, the measure switch and the compare form.</summary>
internal static class AttentionHtml
{
    public static async Task<string> SectionAsync(string topic, string queryText, TopicFilter filter, ChartOptions chart, IArticleInsights insights, CancellationToken ct)
    {
        var sb = new StringBuilder("<h2 id=\"attention\">Attention over time</h2>");
        string? error = null;
        AttentionData data;
        try
        {
            data = await AttentionData.ComputeAsync([queryText, .. chart.Compare], insights, ct);
        }
        catch (HeraldException e)
        {
            error = e.Message;
            data = await AttentionData.ComputeAsync([queryText], insights, ct);
        }

        string Link(ChartOptions o)
        {
            var href = new StringBuilder(filter.Href(topic));
            var sep = href.ToString().Contains('?', StringComparison.Ordinal) ? '&' : '?';
            foreach (var c in o.Compare)
            {
                href.Append(sep).Append("compare=").Append(Uri.EscapeDataString(c));
                sep = '&';
            }

            if (o.Share)
            {
                href.Append(sep).Append("measure=share");
            }

            return Html.Text(href.Append("#attention").ToString());
        }

        sb.Append("<p class=\"views\">").Append(chart.Share ? $"<a href=\"{Link(chart with { Share = false })}\">Articles per day</a>" : "<strong>Articles per day</strong>")
            .Append(" · ").Append(chart.Share ? "<strong>Share of all articles</strong>" : $"<a href=\"{Link(chart with { Share = true })}\">Share of all articles</a>")
            .Append(" · <a href=\"/api/attention?").Append(Html.Text(string.Join("&", new[] { queryText }.Concat(chart.Compare).Select(q => "q=" + Uri.EscapeDataString(q)))))
            .Append("&amp;format=csv\">CSV</a></p>");
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
