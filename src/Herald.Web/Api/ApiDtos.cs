using System.Text.Json;
using Herald.Model;
using Herald.Pipeline;

namespace Herald.Web.Api;

// The API's records: its contract, kept apart from the engine's records so the engine can change freely.

/// <summary>One page of a list: <c>next</c> is the next page's number, absent on the last page.</summary>
public sealed record PageDto<T>(IReadOnlyList<T> Items, int Page, int Size, int Total, int? Next);

public sealed record ArticleDto(
    string Id,
    string Title,
    string? Section,
    string? Url,
    string? Outlet,
    IReadOnlyList<string> Authors,
    DateTimeOffset? Published,
    bool DateOnly,
    string? Language,
    string? Story,
    string? DuplicateOf,
    DateTimeOffset? Republished,
    DateTimeOffset? FirstSeen,
    string? Text,
    string Html)
{
    public static ArticleDto From(Article a, bool withText) => new(
        a.Id, a.Title, a.Section, a.Url, a.Outlet, a.Authors, a.Published, a.DateOnly, a.Language, a.Story, a.DuplicateOf,
        a.Republished, a.FirstSeen, withText ? a.Text : null, "/articles/" + Uri.EscapeDataString(a.Id));
}

/// <summary>An article with the annotations the Annotate stage stored for it (null when none).</summary>
public sealed record ArticleDetailDto(ArticleDto Article, JsonElement? Annotations);

public sealed record SearchHitDto(ArticleDto Article, string? Snippet, double Rank);

/// <summary>
/// A search answer. When <c>totalIsLowerBound</c> is true there are at least <c>results.total</c> matches (counting
/// stops at 10,000, as deep as paging goes); <c>rankedAmongNewest</c> says relevance ranked only that many newest matches.
/// </summary>
public sealed record SearchDto(string Query, string Sort, PageDto<SearchHitDto> Results, bool TotalIsLowerBound, int? RankedAmongNewest, SearchFacets? Facets);

public sealed record TopicDto(string Name, string Query, DateTimeOffset Created, string Html, string Rss, string Atom, string JsonFeed)
{
    public static TopicDto From(Topic t)
    {
        var path = "/topics/" + Uri.EscapeDataString(t.Name);
        return new TopicDto(t.Name, t.Query, t.Created, path, path + "/rss", path + "/atom", path + "/json");
    }
}

public sealed record TopicDetailDto(TopicDto Topic, StoreSummary Summary, ArticleDto? Lead, IReadOnlyList<StorySummary> Stories);

/// <summary>A topic to create or change: the body of POST /api/topics and PUT /api/topics/{name}.</summary>
public sealed record TopicInput(string? Name, string? Query);

public sealed record StoryDto(string Id, string Headline, int ArticleCount, IReadOnlyList<string> Outlets, DateTimeOffset? First, DateTimeOffset? Last, IReadOnlyList<ArticleDto>? Articles, StoryAnnotationsDto? Annotations = null);

/// <summary>What a story's annotated articles add up to: the names most articles mention, and who said what.</summary>
public sealed record StoryAnnotationsDto(
    int AnnotatedArticles, IReadOnlyList<NameCountDto> People, IReadOnlyList<NameCountDto> Organisations,
    IReadOnlyList<NameCountDto> Places, IReadOnlyList<StoryQuoteDto> Quotes);

/// <summary>A name and how many of the story's articles mention it.</summary>
public sealed record NameCountDto(string Name, int Articles);

public sealed record StoryQuoteDto(string ArticleId, string? Speaker, string? Cue, string Text);

public sealed record SourcesDto(bool Available, IReadOnlyList<IReadOnlyDictionary<string, object?>> Items, string? Note);

/// <summary>Attention over time: the days, all articles per day, and per query its counts and share of all (null where nothing was published that day).</summary>
public sealed record AttentionDto(IReadOnlyList<string> Days, IReadOnlyList<int> All, IReadOnlyList<AttentionLineDto> Series, int CountedPerQuery, IReadOnlyList<string> Sampled);

/// <summary>One query's line on the attention chart.</summary>
public sealed record AttentionLineDto(string Query, int Total, IReadOnlyList<int> Counts, IReadOnlyList<double?> Share);
