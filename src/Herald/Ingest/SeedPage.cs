namespace Herald.Ingest;

/// <summary>An aggregator topic page in the seed's text format, as parsed.</summary>
public sealed record SeedPage(
    SeedLead? Lead,
    SeedViewPost? ViewPost,
    IReadOnlyList<SeedRelatedPost> Related,
    IReadOnlyList<string> Warnings);

/// <summary>The page's lead article: headline, outlet, body and the "contributed to this report" names.</summary>
public sealed record SeedLead(string Title, string? Outlet, IReadOnlyList<string> Paragraphs, IReadOnlyList<string> Contributors);

/// <summary>The "View post:" backlink; <see cref="MatchesLead"/> when its headline is the lead's, written differently.</summary>
public sealed record SeedViewPost(string Title, string? Outlet, bool MatchesLead);

/// <summary>
/// One related post, "- HEADLINE - OUTLET - DATE [DATE]". <see cref="OutletAsListed"/> keeps the listing's own
/// spelling; <see cref="Outlet"/> is the canonical outlet, null when unknown.
/// </summary>
public sealed record SeedRelatedPost(
    string Title,
    string? Section,
    string? Outlet,
    string? OutletAsListed,
    DateOnly? Date,
    DateOnly? ListedDate,
    int Line);
