namespace Herald.Model;

/// <summary>Where a published time came from; kept so a reader can weigh it.</summary>
public enum DateSource
{
    Unknown = 0,
    Metadata = 1,
    Url = 2,
    Text = 3,
    Feed = 4,
    Listing = 5,
}

/// <summary>
/// One news article as every stage sees it: the extract contract's fields plus what later stages add.
/// Immutable; stages return changed copies with <c>with</c>.
/// </summary>
public sealed record Article
{
    /// <summary>Stable id: the file name for extracted pages, a hash of the identity key otherwise.</summary>
    public required string Id { get; init; }
    public string? Url { get; init; }
    public string? CanonicalUrl { get; init; }
    public string Title { get; init; } = "";
    /// <summary>A rubric a listing put before the headline ("News" in "News - Gates Vows…"); not part of the headline.</summary>
    public string? Section { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public DateTimeOffset? Published { get; init; }
    public DateSource PublishedSource { get; init; }
    /// <summary>True when only the day is known (listings such as "July 8th, 2025").</summary>
    public bool DateOnly { get; init; }
    public string? Outlet { get; init; }
    public string? Language { get; init; }
    /// <summary>Body paragraphs separated by blank lines; empty for headline-only items.</summary>
    public string Text { get; init; } = "";
    public string? Image { get; init; }
    public string? Story { get; init; }
    public string? DuplicateOf { get; init; }
    public DateTimeOffset? FirstSeen { get; init; }
    /// <summary>Set when the article is much older than the listing that carried it.</summary>
    public DateTimeOffset? Republished { get; init; }

    public IEnumerable<string> Paragraphs =>
        Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
