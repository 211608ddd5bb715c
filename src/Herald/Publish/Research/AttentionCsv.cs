using System.Globalization;

namespace Herald.Publish.Research;

/// <summary>
/// Attention over time, as media researchers chart it: for each day that has any article, and each query, how many
/// articles matched, how many were stored that day in all, and the share (matches / total). Days are UTC publication
/// days (first-seen days for undated articles). Columns: <c>date,query,count,total,share</c>.
/// </summary>
public static class AttentionCsv
{
    public const string Header = "date,query,count,total,share";

    /// <param name="totals">Articles per day over the whole store.</param>
    /// <param name="matches">Per query (in the order given), its matches per day.</param>
    public static IEnumerable<string> Rows(
        IReadOnlyList<(DateOnly Day, int Count)> totals, IReadOnlyList<(string Query, IReadOnlyList<(DateOnly Day, int Count)> Days)> matches)
    {
        var byQuery = matches.Select(m => (m.Query, Days: m.Days.ToDictionary(d => d.Day, d => d.Count))).ToList();
        foreach (var (day, total) in totals.OrderBy(t => t.Day))
        {
            foreach (var (query, days) in byQuery)
            {
                var count = days.GetValueOrDefault(day);
                var share = total == 0 ? 0 : (double)count / total;
                yield return string.Join(',',
                    day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ResearchCsv.Quote(query), count.ToString(CultureInfo.InvariantCulture),
                    total.ToString(CultureInfo.InvariantCulture), share.ToString("0.######", CultureInfo.InvariantCulture));
            }
        }
    }
}
