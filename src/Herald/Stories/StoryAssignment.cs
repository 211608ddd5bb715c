using Herald.Model;

namespace Herald.Stories;

/// <summary>
/// Where one article landed: its story, the earlier article it copies (null when none), and the estimated
/// original date when it is a stale republication (null otherwise).
/// </summary>
public sealed record StoryAssignment(string StoryId, string? DuplicateOf, DateTimeOffset? Republished = null);

/// <summary>
/// The live pipeline's entry point: each new article, in publication order, joins a story or starts one.
/// Implementations are stateful and not thread-safe; one clusterer serves one ordered stream.
/// </summary>
public interface IStoryClusterer
{
    StoryAssignment Assign(Article article);
}

/// <summary>A story as readers see it: the most central headline, who covered it, when, and how much.</summary>
public sealed record StorySummary(
    string Id,
    string RepresentativeHeadline,
    int ArticleCount,
    IReadOnlyList<string> Outlets,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    IReadOnlyList<(DateOnly Day, int Articles)> Timeline);
