using Herald.Model;
using Herald.Query;

namespace Herald.Pipeline;

/// <summary>A story as listed: its representative headline, size and span.</summary>
public sealed record StorySummary(string Id, string Headline, int Articles, IReadOnlyList<string> Outlets, DateTimeOffset? First, DateTimeOffset? Last);

/// <summary>A story's representative headline, as the clusterer chose it.</summary>
public sealed record StoryHeadline(string Story, string Headline);

/// <summary>A story decision for one stored article.</summary>
public sealed record StoryAssignment(string ArticleId, string Story, string? DuplicateOf, DateTimeOffset? Republished);

/// <summary>What a new article is by itself, before stories: the original it copies and its estimated original date
/// when it is a stale republication (null when not).</summary>
public sealed record ArticleMark(string ArticleId, string? DuplicateOf, DateTimeOffset? Republished);

/// <summary>
/// The stories aggregate: assignments, representative headlines and listings; and story identity, what the story
/// reconciliation reads to keep ids stable across re-clusterings, the one transaction that writes a window's
/// changes, and alias resolution for ids that were merged away.
/// </summary>
public interface IStoryStore
{
    Task AssignStoriesAsync(IReadOnlyList<StoryAssignment> assignments, CancellationToken ct);

    /// <summary>
    /// Records each story's representative headline as the clusterer chose it (the member closest to the story's
    /// centroid), so every list, page and feed shows the same headline for one story.
    /// </summary>
    Task SaveStoryHeadlinesAsync(IReadOnlyList<StoryHeadline> headlines, CancellationToken ct);

    /// <summary>The recorded representative headlines of these stories; stories without one are left out.</summary>
    Task<IReadOnlyDictionary<string, string>> GetStoryHeadlinesAsync(IReadOnlyCollection<string> storyIds, CancellationToken ct);

    Task<IReadOnlyList<StorySummary>> ListStoriesAsync(TopicQuery? query, int limit, CancellationToken ct);

    Task<IReadOnlyList<Article>> GetStoryArticlesAsync(string storyId, CancellationToken ct);

    /// <summary>For each of these stories: when it began (its earliest member's publication or first-seen time) and
    /// how many articles it holds.</summary>
    Task<IReadOnlyDictionary<string, (DateTimeOffset Start, int Members)>> StoryFactsAsync(IReadOnlyCollection<string> storyIds, CancellationToken ct);

    /// <summary>The subset of <paramref name="ids"/> in use as a story id or an alias.</summary>
    Task<IReadOnlySet<string>> TakenStoryIdsAsync(IReadOnlyCollection<string> ids, CancellationToken ct);

    /// <summary>The stored story of each of these articles that has one.</summary>
    Task<IReadOnlyDictionary<string, string>> StoriesOfAsync(IReadOnlyCollection<string> articleIds, CancellationToken ct);

    /// <summary>
    /// In one transaction: the changed assignments; each alias (its members anywhere in the store move to the living
    /// story, aliases that pointed at it follow); the representative headlines.
    /// </summary>
    Task ApplyStoryChangesAsync(
        IReadOnlyList<StoryAssignment> changes, IReadOnlyList<(string Alias, string Story)> aliases,
        IReadOnlyList<StoryHeadline> headlines, CancellationToken ct);

    /// <summary>
    /// Marks new articles (those with no story yet; others are left as they are), in one transaction: each one's
    /// original when it is a copy (an article already marked keeps its original) and its republication estimate.
    /// The step before stories, so the steps after it know both.
    /// </summary>
    Task MarkNewArticlesAsync(IReadOnlyList<ArticleMark> marks, CancellationToken ct);

    /// <summary>The days (UTC midnights, ascending) on which articles with no story yet were published or first seen,
    /// each with how many there are.</summary>
    Task<IReadOnlyList<(DateTimeOffset Day, int Articles)>> UnclusteredDaysAsync(CancellationToken ct);

    /// <summary>The living story an id names: itself, or the story it was merged into; null when unknown.</summary>
    Task<string?> ResolveStoryAsync(string storyId, CancellationToken ct);
}
