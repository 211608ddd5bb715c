using System.Globalization;
using System.Text;
using Herald.Web.Attention;

namespace Herald.Web.Svg;

/// <summary>
/// Attention over time as inline SVG: one line per query on a dated axis (about six readable date labels, whatever
/// the span), raw counts or share of all articles, each point a link to its articles (a day's, or on a chart longer
/// than 200 days a run of days', see <see cref="DaysPerPoint"/>); then an HTML
/// legend and the numbers as a table for screen readers and copying.
/// </summary>
internal static class AttentionChart
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(AttentionData data, bool share, string label)
    {
        if (data.Days.Count == 0)
        {
            return "<p class=\"muted\">No dated articles match.</p>";
        }

        const int width = 640, height = 240, left = 72, right = 14, top = 12, bottom = 40;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        double Value(AttentionLine l, int k) => share ? l.Share[k] ?? 0 : l.Counts[k];
        var max = data.Lines.SelectMany(l => Enumerable.Range(0, data.Days.Count).Select(k => Value(l, k))).DefaultIfEmpty(0).Max();
        max = share ? Math.Max(max, 0.01) : Math.Max(1, NiceCeiling(max));
        var n = data.Days.Count;
        double X(int k) => left + (n == 1 ? plotW / 2.0 : plotW * k / (double)(n - 1));
        double Y(double v) => top + plotH - (plotH * v / max);

        var sb = new StringBuilder();
        sb.Append(Inv, $"<svg class=\"chart attention\" role=\"img\" aria-label=\"{Html.Html.Text(label)}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\">")
            .Append("<title>").Append(Html.Html.Text(label)).Append("</title>");

        // Horizontal grid with labelled values: 0, half, max.
        foreach (var f in new[] { 0.0, 0.5, 1.0 })
        {
            var v = max * f;
            var y = Y(v);
            sb.Append(Inv, $"<line class=\"grid\" x1=\"{left}\" y1=\"{y:0.#}\" x2=\"{width - right}\" y2=\"{y:0.#}\"></line>")
                .Append(Inv, $"<text x=\"{left - 6}\" y=\"{y + 5:0.#}\" text-anchor=\"end\">{Html.Html.Text(share ? v.ToString("0.#%", Inv) : v.ToString("0.#", Inv))}</text>");
        }

        // Date labels: about five, on whole steps of days, short enough to stay apart when a phone scales the chart
        // down and the labels up; the whole range, years included, is written under the chart.
        var step = Math.Max(1, (int)Math.Ceiling(n / 5.0));
        for (var k = 0; k < n; k += step)
        {
            var day = data.Days[k];
            var text = day.ToString(n > 120 ? "MMM yyyy" : "d MMM", Inv);
            var anchor = k == 0 ? "start" : X(k) > width - right - 50 ? "end" : "middle";
            sb.Append(Inv, $"<line class=\"tick\" x1=\"{X(k):0.#}\" y1=\"{top + plotH}\" x2=\"{X(k):0.#}\" y2=\"{top + plotH + 5}\"></line>")
                .Append(Inv, $"<text x=\"{X(k):0.#}\" y=\"{height - 12}\" text-anchor=\"{anchor}\">{text}</text>");
        }

        for (var i = 0; i < data.Lines.Count; i++)
        {
            var line = data.Lines[i];
            // A share is undefined on a day nothing was published: the line passes over such days, never dips to 0.
            var points = string.Join(' ', Enumerable.Range(0, n).Where(k => !share || line.Share[k] is not null)
                .Select(k => string.Create(Inv, $"{X(k):0.#},{Y(Value(line, k)):0.#}")));
            sb.Append(Inv, $"<polyline class=\"s{i}\" points=\"{points}\"></polyline>");
            // Every point links to its articles. Up to 200 days, a point per day with articles; a longer chart groups
            // its days into runs of a week or more (at most 200 runs), and each run's point sits on the line at its
            // busiest day and opens all the run's articles, so no article is out of reach however long the range.
            var per = DaysPerPoint(n);
            for (var b = 0; b < n; b += per)
            {
                var end = Math.Min(n, b + per) - 1;
                var count = 0;
                var peak = b;
                for (var k = b; k <= end; k++)
                {
                    count += line.Counts[k];
                    if (Value(line, k) > Value(line, peak))
                    {
                        peak = k;
                    }
                }

                if (count == 0)
                {
                    continue;
                }

                var from = data.Days[b];
                var to = data.Days[end];
                var when = per == 1 ? from.ToString("d MMM yyyy", Inv) : $"{from.ToString("d MMM yyyy", Inv)} – {to.ToString("d MMM yyyy", Inv)}";
                var tip = $"{line.Query} · {when}: {count} articles" + (per == 1 && line.Share[b] is { } s ? $", {s.ToString("0.#%", Inv)} of all" : "");
                sb.Append("<a href=\"").Append(Html.Html.Text(RangeHref(line.Query, from, to))).Append("\">")
                    .Append(Inv, $"<circle class=\"s{i}\" cx=\"{X(peak):0.#}\" cy=\"{Y(Value(line, peak)):0.#}\" r=\"{(per == 1 ? 4 : 3)}\"><title>{Html.Html.Text(tip)}</title></circle></a>");
            }
        }

        sb.Append("</svg><p class=\"muted range\">").Append(Html.Html.Text(data.Days[0].ToString("d MMM yyyy", Inv) + " – " + data.Days[^1].ToString("d MMM yyyy", Inv)))
            .Append(share ? ", each point a day's share of all articles published that day" : ", each point the articles published that day")
            .Append(DaysPerPoint(n) == 1 ? "; choose a point to read them." : $"; each point stands for {DaysPerPoint(n)} days, drawn at the busiest of them, and opens their articles.")
            .Append("</p><ul class=\"legend\">");
        for (var i = 0; i < data.Lines.Count; i++)
        {
            var l = data.Lines[i];
            sb.Append("<li><span class=\"swatch s").Append(i.ToString(Inv)).Append("\"></span><code>").Append(Html.Html.Text(l.Query)).Append("</code> <span class=\"muted\">")
                .Append(Html.Html.N(l.Total)).Append(l.Total == 1 ? " article" : " articles").Append("</span></li>");
        }

        sb.Append("</ul>");
        if (data.Sampled.Count > 0)
        {
            sb.Append("<p class=\"muted\">Counted over the newest ").Append(Html.Html.N(AttentionData.Cap)).Append(" matches of ")
                .Append(Html.Html.Text(string.Join(", ", data.Sampled))).Append(".</p>");
        }

        sb.Append("<details class=\"data\"><summary>The numbers</summary><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Day</th>");
        foreach (var l in data.Lines)
        {
            sb.Append("<th scope=\"col\">").Append(Html.Html.Text(l.Query)).Append("</th>");
        }

        sb.Append("<th scope=\"col\">All articles</th></tr></thead><tbody>");
        for (var k = 0; k < n; k++)
        {
            sb.Append("<tr><td>").Append(data.Days[k].ToString("yyyy-MM-dd", Inv)).Append("</td>");
            foreach (var l in data.Lines)
            {
                sb.Append("<td>").Append(l.Counts[k].ToString(Inv));
                if (l.Share[k] is { } s)
                {
                    sb.Append(" <span class=\"muted\">(").Append(s.ToString("0.#%", Inv)).Append(")</span>");
                }

                sb.Append("</td>");
            }

            sb.Append("<td>").Append(data.All[k].ToString(Inv)).Append("</td></tr>");
        }

        return sb.Append("</tbody></table></div></details>").ToString();
    }

    /// <summary>The articles of one query over some days (inclusive), newest first.</summary>
    public static string RangeHref(string query, DateOnly from, DateOnly to) =>
        "/search?sort=newest&q=" + Uri.EscapeDataString(AttentionData.Narrow(query,
            $"after:{from.ToString("yyyy-MM-dd", Inv)} before:{to.ToString("yyyy-MM-dd", Inv)}"));

    /// <summary>
    /// Days each linked point stands for: one up to 200 days; beyond, whole weeks, as few as keep the points to 200
    /// (a point a day would crowd a 640-pixel chart past clicking).
    /// </summary>
    public static int DaysPerPoint(int days) => days <= 200 ? 1 : 7 * (int)Math.Ceiling(days / 1400.0);

    private static double NiceCeiling(double v)
    {
        if (v <= 5)
        {
            return Math.Ceiling(v);
        }

        var mag = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * mag >= v)
            {
                return m * mag;
            }
        }

        return v;
    }
}
