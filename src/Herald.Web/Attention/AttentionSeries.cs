using System.Globalization;
using System.Text;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;

namespace Herald.Web.Attention;

/// <summary>One query's articles per day, and each day's share of all articles published that day.</summary>
public sealed record AttentionLine(string Query, IReadOnlyList<int> Counts, IReadOnlyList<double?> Share, int Total);

/// <summary>
/// Attention over time, Media Cloud-style: for one to four queries, articles per published day over one shared run
/// of days (days without articles are zeros), beside all articles per day, so a query's share of everything can be
/// read as well as its raw count. Each count is taken over the newest <see cref="Cap"/> matches of its query (the
/// same bound as the topic page's facets); <see cref="Sampled"/> names the queries where that bound was reached.
/// </summary>
public sealed record AttentionData(IReadOnlyList<DateOnly> Days, IReadOnlyList<int> All, IReadOnlyList<AttentionLine> Lines, IReadOnlyList<string> Sampled)
{
    public const int Cap = 20_000;

    /// <summary>At most this many queries on one chart.</summary>
    public const int MaxQueries = 4;

    /// <summary>Matches every dated article: the denominator of the share.</summary>
    private const string AllArticles = "after:1000-01-01";

    public static async Task<AttentionData> ComputeAsync(IReadOnlyList<string> queries, IArticleInsights insights, CancellationToken ct)
    {
        if (queries.Count is 0 or > MaxQueries)
        {
            throw new HeraldException("q", $"give one to {MaxQueries} queries (q=...&q=...)");
        }

        var parsed = queries.Select(TopicQuery.Parse).ToList();
        var all = await insights.FacetsAsync(TopicQuery.Parse(AllArticles), 1, Cap, ct);
        var facets = new List<SearchFacets>();
        foreach (var q in parsed)
        {
            facets.Add(await insights.FacetsAsync(q, 1, Cap, ct));
        }

        static Dictionary<DateOnly, int> PerDay(SearchFacets f) =>
            f.Days.ToDictionary(d => DateOnly.ParseExact(d.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Count);

        var lines = facets.Select(PerDay).ToList();
        var allDays = PerDay(all);
        var present = lines.SelectMany(l => l.Keys).ToList();
        if (present.Count == 0)
        {
            return new AttentionData([], [], queries.Select(q => new AttentionLine(q, [], [], 0)).ToList(), []);
        }

        var first = present.Min();
        var last = present.Max();
        var days = Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();
        var allCounts = days.Select(d => allDays.GetValueOrDefault(d)).ToList();
        var result = new List<AttentionLine>();
        for (var i = 0; i < queries.Count; i++)
        {
            var counts = days.Select(d => lines[i].GetValueOrDefault(d)).ToList();
            var share = counts.Select((c, k) => allCounts[k] == 0 ? (double?)null : Math.Min(1, c / (double)allCounts[k])).ToList();
            result.Add(new AttentionLine(queries[i], counts, share, counts.Sum()));
        }

        var sampled = queries.Where((_, i) => facets[i].Sampled is not null).ToList();
        if (all.Sampled is not null)
        {
            sampled.Add("all articles");
        }

        return new AttentionData(days, allCounts, result, sampled);
    }

    /// <summary>One row per day and query: day,query,count,all,share (share empty where no article was published that day).</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder("day,query,count,all,share\n");
        for (var k = 0; k < Days.Count; k++)
        {
            foreach (var line in Lines)
            {
                sb.Append(Days[k].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',').Append(Csv(line.Query)).Append(',')
                    .Append(line.Counts[k].ToString(CultureInfo.InvariantCulture)).Append(',').Append(All[k].ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(line.Share[k] is { } s ? s.ToString("0.####", CultureInfo.InvariantCulture) : "").Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>A CSV field: quoted when it holds a comma, quote or line break; a leading formula character is defused.</summary>
    private static string Csv(string s)
    {
        if (s.Length > 0 && s[0] is '=' or '+' or '-' or '@')
        {
            s = "'" + s;
        }

        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }
}
