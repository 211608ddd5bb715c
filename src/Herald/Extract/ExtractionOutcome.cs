using Herald.Model;

namespace Herald.Extract;

/// <summary>Why a page gave no article. A closed set: callers switch on it and show it in plain words.</summary>
public enum ExtractionFailureKind
{
    /// <summary>Zero bytes, or nothing but whitespace.</summary>
    Empty = 1,

    /// <summary>Not text: an image, PDF, archive or other binary content.</summary>
    Binary = 2,

    /// <summary>Larger than the extractor's byte limit; refused before parsing.</summary>
    TooLarge = 3,

    /// <summary>Parsed, but no readable text survived (script-only pages, empty shells, paywall stubs).</summary>
    NoContent = 4,

    /// <summary>Has text, but it is a listing, gallery, search page or home page rather than one article.</summary>
    NotAnArticle = 5,

    /// <summary>Nested deeper than any real page; refused to keep time and memory bounded.</summary>
    TooDeep = 6,
}

/// <summary>Which evidence gave the published date; finer than <see cref="DateSource"/>.</summary>
public enum DateEvidence
{
    None = 0,
    JsonLd = 1,
    MetaTag = 2,
    TimeElement = 3,
    Url = 4,
    Dateline = 5,
}

/// <summary>The result of extracting one page: an article, or a failure kind with a plain-words reason.</summary>
public sealed record ExtractionOutcome
{
    public Article? Article { get; init; }
    public ExtractionFailureKind? Failure { get; init; }
    public string? Reason { get; init; }
    public DateEvidence DateEvidence { get; init; }
    public CharsetSource Charset { get; init; }
    public string? EncodingName { get; init; }

    public bool Succeeded => Article is not null;

    public static ExtractionOutcome Fail(ExtractionFailureKind kind, string reason) => new() { Failure = kind, Reason = reason };

    /// <summary>Plain words for a failure kind, for CLI and UI messages.</summary>
    public static string Describe(ExtractionFailureKind kind) => kind switch
    {
        ExtractionFailureKind.Empty => "empty page",
        ExtractionFailureKind.Binary => "not an HTML page (binary content)",
        ExtractionFailureKind.TooLarge => "page too large",
        ExtractionFailureKind.NoContent => "no readable text",
        ExtractionFailureKind.NotAnArticle => "not an article (listing, gallery or home page)",
        ExtractionFailureKind.TooDeep => "markup nested too deeply",
        _ => "extraction failed",
    };
}
