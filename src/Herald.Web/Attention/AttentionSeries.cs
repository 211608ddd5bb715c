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

    /// <summary>
    /// The attention of each query per day; with <paramref name="from"/> and/or <paramref name="to"/> (inclusive days)
    /// only those days are counted and shown, whole (days without articles are zeros), so an older range is counted
    /// over its own newest matches rather than cut from the newest overall.
    /// </summary>
    public static async Task<AttentionData> ComputeAsync(IReadOnlyList<string> queries, IArticleInsights insights, CancellationToken ct, DateOnly? from = null, DateOnly? to = null)
    {
        if (queries.Count is 0 or > MaxQueries)
        {
            throw new HeraldException("q", $"give one to {MaxQueries} queries (q=...&q=...)");
        }

        if (from is { } f0 && to is { } t0 && f0 > t0)
        {
            throw new HeraldException("from", $"{f0:yyyy-MM-dd} is after to {t0:yyyy-MM-dd}");
        }

        var range = string.Join(' ', new[] { from is { } f ? "after:" + f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null, to is { } t ? "before:" + t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null }.OfType<string>());
        var parsed = queries.Select(q => TopicQuery.Parse(Narrow(q, range))).ToList();
        var all = await insights.FacetsAsync(TopicQuery.Parse(Narrow(AllArticles, range)), 1, Cap, ct);
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

        var first = from is { } lo && (to is null || (to.Value.DayNumber - lo.DayNumber) <= 3660) ? lo : present.Min();
        var last = to is { } hi && (hi.DayNumber - first.DayNumber) <= 3660 ? hi : present.Max();
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

    /// <summary>
    /// Ways to split one query's attention into lines: by its top outlets, languages or countries. A country is one
    /// the articles are about (the countries of the places they mention, <c>country:</c>), as GDELT counts, not where
    /// they were published (Media Cloud's): outlets' countries are known only for country-code domains, while places
    /// are read from every annotated item, headline-only ones included, and copies say what their original says.
    /// </summary>
    public static readonly IReadOnlyList<string> Splits = ["outlet", "language", "country"];

    /// <summary>
    /// Everything the chart and /api/attention accept, in one place: the queries (or one query split by
    /// <paramref name="split"/> into its top <see cref="MaxQueries"/> outlets, languages or countries), an explicit range of days,
    /// or the last <paramref name="lastDays"/> days up to the newest day with a match.
    /// </summary>
    public static async Task<AttentionData> ForAsync(IReadOnlyList<string> queries, IArticleInsights insights, CancellationToken ct,
        DateOnly? from = null, DateOnly? to = null, int? lastDays = null, string? split = null)
    {
        if (lastDays is < 1 or > 36_600)
        {
            throw new HeraldException("days", $"{lastDays} must be from 1 to 36600");
        }

        if (split is not null)
        {
            if (!Splits.Contains(split))
            {
                throw new HeraldException("split", $"\"{split}\" is not a split ({string.Join(", ", Splits)})");
            }

            if (queries.Count != 1)
            {
                throw new HeraldException("split", "splits one query; give exactly one q");
            }

            var query = TopicQuery.Parse(queries[0]);
            IEnumerable<FacetCount> top;
            if (split == "country")
            {
                top = await insights.CountriesAsync(query, MaxQueries, Cap, ct);
            }
            else
            {
                var facets = await insights.FacetsAsync(query, MaxQueries, Cap, ct);
                top = split == "outlet" ? facets.Outlets : facets.Languages.Where(l => l.Value.Length > 0);
            }

            var values = top.Take(MaxQueries).Select(v => v.Value.Replace("\"", "", StringComparison.Ordinal)).ToList();
            if (values.Count == 0)
            {
                return await ForAsync(queries, insights, ct, from, to, lastDays);
            }

            queries = values.Select(v => Narrow(queries[0], split switch
            {
                "outlet" => $"outlet:\"{v}\"",
                "country" => "country:" + v,
                _ => "lang:" + v,
            })).ToList();
        }

        var data = await ComputeAsync(queries, insights, ct, from, to);
        return lastDays is { } n && from is null && to is null ? data.Last(n) : data;
    }

    /// <summary>
    /// The last <paramref name="days"/> days of the chart (ending at its newest day), totals counted over them. The
    /// counts are over each query's newest matches, so the newest days are the ones a cut keeps exact.
    /// </summary>
    public AttentionData Last(int days)
    {
        if (Days.Count <= days)
        {
            return this;
        }

        var skip = Days.Count - days;
        return new AttentionData(Days.Skip(skip).ToList(), All.Skip(skip).ToList(),
            Lines.Select(l => new AttentionLine(l.Query, l.Counts.Skip(skip).ToList(), l.Share.Skip(skip).ToList(), l.Counts.Skip(skip).Sum())).ToList(), Sampled);
    }

    /// <summary>
    /// A query narrowed by more field filters (<paramref name="filters"/>, e.g. "after:2025-07-01 outlet:\"AP\""): a
    /// query whose top level is an OR is put in parentheses first, so the OR keeps its meaning; any other (a word, an
    /// AND, a query with filters of its own, which is an AND at its top level) takes the filters appended, since
    /// filters may not stand inside parentheses.
    /// </summary>
    public static string Narrow(string query, string filters)
    {
        if (filters.Length == 0)
        {
            return query;
        }

        var parsed = TopicQuery.Parse(query);
        return parsed.Match is OrNode && parsed.Filters.Count == 0 ? $"({query}) {filters}" : $"{query} {filters}";
    }

    /// <summary>Parses a yyyy-MM-dd day, or fails naming the parameter.</summary>
    public static DateOnly? Day(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? null
        : DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new HeraldException(name, $"\"{value}\" is not a day (use YYYY-MM-DD)");

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
