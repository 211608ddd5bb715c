using System.Globalization;
using System.Text;
using Herald.Pipeline;

namespace Herald.Web.Svg;

/// <summary>Charts as inline SVG, drawn on the server: nothing loads from elsewhere and no script runs.</summary>
internal static class Charts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Horizontal bars with labels, for "top outlets" and the like.</summary>
    public static string Bars(IReadOnlyList<(string Name, int Count)> bars, string label, Func<string, string>? link = null)
    {
        // Narrow enough that a phone shows it near full size, so the labels stay readable (12 px, not 5).
        const int rowHeight = 22, labelWidth = 160, width = 400;
        if (bars.Count == 0)
        {
            return "";
        }

        var max = Math.Max(1, bars.Max(b => b.Count));
        var sb = new StringBuilder();
        sb.Append(Inv, $"<svg class=\"chart\" role=\"img\" aria-label=\"{Html.Html.Text(label)}\" viewBox=\"0 0 {width} {bars.Count * rowHeight}\" width=\"{width}\">");
        sb.Append("<title>").Append(Html.Html.Text(label)).Append("</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var y = i * rowHeight;
            var w = (int)Math.Round((width - labelWidth - 44) * bars[i].Count / (double)max);
            var name = bars[i].Name.Length > 24 ? bars[i].Name[..23] + "…" : bars[i].Name;
            if (link is not null)
            {
                sb.Append("<a href=\"").Append(Html.Html.Text(link(bars[i].Name))).Append("\">");
            }

            sb.Append(Inv, $"<text x=\"0\" y=\"{y + 15}\">{Html.Html.Text(name)}</text>")
                .Append(Inv, $"<rect class=\"bar\" x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{Math.Max(2, w)}\" height=\"14\"><title>{Html.Html.Text(bars[i].Name)}: {bars[i].Count}</title></rect>")
                .Append(Inv, $"<text x=\"{labelWidth + w + 6}\" y=\"{y + 15}\">{bars[i].Count}</text>");
            if (link is not null)
            {
                sb.Append("</a>");
            }
        }

        return sb.Append("</svg>").ToString();
    }

    /// <summary>
    /// Articles per day as vertical bars. Long spans are binned (a week, then a month per bar) so the chart stays
    /// readable; days without articles are drawn as gaps, not skipped, so time reads evenly left to right.
    /// </summary>
    public static string Volume(IReadOnlyList<FacetCount> days, string label)
    {
        var parsed = days
            .Select(d => (Day: DateOnly.ParseExact(d.Value, "yyyy-MM-dd", Inv), d.Count))
            .OrderBy(d => d.Day)
            .ToList();
        if (parsed.Count == 0)
        {
            return "<p class=\"muted\">No dated articles.</p>";
        }

        var first = parsed[0].Day;
        var last = parsed[^1].Day;
        var span = last.DayNumber - first.DayNumber + 1;
        var binDays = span <= 90 ? 1 : span <= 630 ? 7 : 30;
        var bins = new int[(span + binDays - 1) / binDays];
        foreach (var (day, count) in parsed)
        {
            bins[(day.DayNumber - first.DayNumber) / binDays] += count;
        }

        const int width = 640, height = 160, left = 36, bottom = 22, top = 8;
        var max = Math.Max(1, bins.Max());
        var barW = (width - left) / (double)bins.Length;
        var sb = new StringBuilder();
        sb.Append(Inv, $"<svg class=\"chart\" role=\"img\" aria-label=\"{Html.Html.Text(label)}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\">");
        sb.Append("<title>").Append(Html.Html.Text(label)).Append("</title>");
        sb.Append(Inv, $"<text x=\"0\" y=\"{top + 10}\">{max}</text><text x=\"0\" y=\"{height - bottom}\">0</text>");
        for (var i = 0; i < bins.Length; i++)
        {
            if (bins[i] == 0)
            {
                continue;
            }

            var h = (height - bottom - top) * bins[i] / (double)max;
            var from = first.AddDays(i * binDays);
            var unit = binDays == 1 ? "" : binDays == 7 ? " (week)" : " (30 days)";
            sb.Append(Inv, $"<rect class=\"bar\" x=\"{left + (i * barW):0.##}\" y=\"{height - bottom - h:0.##}\" width=\"{Math.Max(1, barW - 1):0.##}\" height=\"{h:0.##}\">")
                .Append(Inv, $"<title>{from:yyyy-MM-dd}{unit}: {bins[i]} articles</title></rect>");
        }

        sb.Append(Inv, $"<text x=\"{left}\" y=\"{height - 6}\">{first:d MMM yyyy}</text>")
            .Append(Inv, $"<text x=\"{width}\" y=\"{height - 6}\" text-anchor=\"end\">{last:d MMM yyyy}</text>");
        return sb.Append("</svg>").ToString();
    }

    /// <summary>One dot per article on a time axis: a story's timeline.</summary>
    public static string Timeline(IReadOnlyList<(DateTimeOffset When, bool DateOnly, string Label)> points, string label)
    {
        if (points.Count == 0)
        {
            return "";
        }

        const int width = 640, height = 60, pad = 12;
        var min = points.Min(p => p.When);
        var max = points.Max(p => p.When);
        var range = Math.Max(1, (max - min).TotalSeconds);
        var sb = new StringBuilder();
        sb.Append(Inv, $"<svg class=\"chart\" role=\"img\" aria-label=\"{Html.Html.Text(label)}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\">")
            .Append("<title>").Append(Html.Html.Text(label)).Append("</title>")
            .Append(Inv, $"<line x1=\"{pad}\" y1=\"24\" x2=\"{width - pad}\" y2=\"24\" stroke=\"#8c959f\"></line>");
        var allDateOnly = points.All(p => p.DateOnly);
        foreach (var (when, dateOnly, text) in points)
        {
            var x = pad + ((width - (2 * pad)) * (when - min).TotalSeconds / range);
            sb.Append(Inv, $"<circle cx=\"{x:0.#}\" cy=\"24\" r=\"5\" fill=\"#0a58a8\" fill-opacity=\"0.6\"><title>{Html.Html.Text(Html.Html.Date(when, dateOnly) + " · " + text)}</title></circle>");
        }

        sb.Append(Inv, $"<text x=\"{pad}\" y=\"52\">{Html.Html.Text(Html.Html.Date(min, allDateOnly))}</text>")
            .Append(Inv, $"<text x=\"{width - pad}\" y=\"52\" text-anchor=\"end\">{Html.Html.Text(Html.Html.Date(max, allDateOnly))}</text>");
        return sb.Append("</svg>").ToString();
    }
}
