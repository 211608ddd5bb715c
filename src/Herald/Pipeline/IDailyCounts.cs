using Herald.Query;

namespace Herald.Pipeline;

/// <summary>Articles per day, for attention-over-time exports: counted by the store, never read one by one.</summary>
public interface IDailyCounts
{
    /// <summary>For each UTC day with any article matching the query (all articles when null), how many: by publication
    /// day, or first-seen day for undated articles; ascending.</summary>
    Task<IReadOnlyList<(DateOnly Day, int Count)>> CountByDayAsync(TopicQuery? query, CancellationToken ct);
}
