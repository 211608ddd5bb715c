using System.Globalization;
using System.Text;
using Herald.Model;
using Herald.Topics;

namespace Herald.Web.Svg;

/// <summary>
/// A story's coverage over time as a tiny inline SVG (drawn on the server, no script): articles per day from the
/// first to the last day seen, as bars. Long spans are binned so there are never more than <see cref="MaxBars"/>
/// bars; the title and label say the span and the busiest bar, so the chart reads without the picture.
/// </summary>
internal static class Sparkline
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public const int MaxBars = 30;

    /// <summary>The counts per bar and how many days each bar covers, earliest first; empty when no article is dated.</summary>
    public static (IReadOnlyList<int> Counts, int DaysPerBar, DateOnly First, DateOnly Last) Bins(IEnumerable<Article> articles)
    {
        var days = articles.Select(TopicStories.When).OfType<DateTimeOffset>().Select(d => DateOnly.FromDateTime(d.UtcDateTime)).ToList();
        if (days.Count == 0)
        {
            return ([], 1, default, default);
        }

        var first = days.Min();
        var last = days.Max();
        var span = last.DayNumber - first.DayNumber + 1;
        var per = (int)Math.Ceiling(span / (double)MaxBars);
        var counts = new int[(int)Math.Ceiling(span / (double)per)];
        foreach (var d in days)
        {
            counts[(d.DayNumber - first.DayNumber) / per]++;
        }

        return (counts, per, first, last);
    }

    public static string Render(IEnumerable<Article> articles)
    {
        var (counts, per, first, last) = Bins(articles);
        if (counts.Count == 0)
        {
            return "";
        }

        const int width = 120, height = 24;
        var max = counts.Max();
        var barW = width / (double)Math.Max(counts.Count, 7);
        var unit = per == 1 ? "day" : $"{per} days";
        var label = first == last
            ? $"{counts[0]} {(counts[0] == 1 ? "article" : "articles")} on {first.ToString("d MMM yyyy", Inv)}"
            : $"Articles per {unit}, {first.ToString("d MMM yyyy", Inv)} to {last.ToString("d MMM yyyy", Inv)}; at most {max}";
        var sb = new StringBuilder();
        sb.Append(Inv, $"<svg class=\"spark\" role=\"img\" aria-label=\"{Html.Html.Text(label)}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">")
            .Append("<title>").Append(Html.Html.Text(label)).Append("</title>");
        sb.Append(Inv, $"<line x1=\"0\" y1=\"{height - 0.5}\" x2=\"{width}\" y2=\"{height - 0.5}\"></line>");
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            var h = Math.Max(2, (height - 2) * counts[i] / (double)max);
            sb.Append(Inv, $"<rect x=\"{i * barW + 0.5:0.##}\" y=\"{height - h:0.##}\" width=\"{Math.Max(1, barW - 1):0.##}\" height=\"{h:0.##}\"></rect>");
        }

        return sb.Append("</svg>").ToString();
    }
}
