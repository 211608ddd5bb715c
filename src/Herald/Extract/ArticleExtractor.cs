using AngleSharp.Html.Parser;
using Herald.Model;

namespace Herald.Extract;

/// <summary>Limits that keep one hostile page from costing unbounded time or memory.</summary>
public sealed record ExtractorOptions
{
    /// <summary>Pages above this many bytes are refused as <see cref="ExtractionFailureKind.TooLarge"/>.</summary>
    public int MaxBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Markup nested deeper than this is refused as <see cref="ExtractionFailureKind.TooDeep"/>.</summary>
    public int MaxDepth { get; init; } = 1_500;

    /// <summary>A body shorter than this many characters is no article.</summary>
    public int MinBodyChars { get; init; } = 150;

    public static ExtractorOptions Default { get; } = new();
}

/// <summary>
/// HTML page → <see cref="Article"/>: decodes the bytes, parses with AngleSharp, reads the metadata and finds
/// the body. Pure and thread-safe; never throws for bad input: every failure is an <see cref="ExtractionOutcome"/>.
/// </summary>
public sealed class ArticleExtractor
{
    private readonly ExtractorOptions _options;
    private readonly ThreadLocal<HtmlParser> _parser = new(() => new HtmlParser(new HtmlParserOptions
    {
        IsKeepingSourceReferences = false,
        IsScripting = false,
    }));

    public ArticleExtractor(ExtractorOptions? options = null)
    {
        _options = options ?? ExtractorOptions.Default;
    }

    /// <summary>Extracts from raw bytes; <paramref name="httpCharset"/> is the Content-Type charset when known.</summary>
    public ExtractionOutcome Extract(ReadOnlySpan<byte> bytes, string id, string? url = null, string? httpCharset = null)
    {
        if (bytes.Length == 0)
        {
            return ExtractionOutcome.Fail(ExtractionFailureKind.Empty, "the page has no bytes");
        }

        if (bytes.Length > _options.MaxBytes)
        {
            return ExtractionOutcome.Fail(ExtractionFailureKind.TooLarge,
                $"larger than the {_options.MaxBytes / (1024 * 1024)} MB limit");
        }

        if (BinarySniffer.Describe(bytes) is { } what)
        {
            return ExtractionOutcome.Fail(ExtractionFailureKind.Binary, what);
        }

        var decoded = HtmlDecoder.Decode(bytes, httpCharset);
        var outcome = ExtractText(decoded.Text, id, url);
        return outcome with { Charset = decoded.Source, EncodingName = decoded.Encoding.WebName };
    }

    /// <summary>Extracts from already-decoded HTML (still repairs mojibake).</summary>
    public ExtractionOutcome Extract(string html, string id, string? url = null)
    {
        if (html.Length == 0)
        {
            return ExtractionOutcome.Fail(ExtractionFailureKind.Empty, "the page has no text");
        }

        if ((long)html.Length * 2 > _options.MaxBytes * 2L && html.Length > _options.MaxBytes)
        {
            return ExtractionOutcome.Fail(ExtractionFailureKind.TooLarge, $"{html.Length} characters is over the limit");
        }

        return ExtractText(MojibakeRepair.Repair(html), id, url);
    }

    private ExtractionOutcome ExtractText(string html, string id, string? url)
    {
        if (html.AsSpan().IsWhiteSpace())
        {
            return ExtractionOutcome.Fail(ExtractionFailureKind.Empty, "the page is only whitespace");
        }

        if (NestingProbe.Exceeds(html, _options.MaxDepth))
        {
            return ExtractionOutcome.Fail(ExtractionFailureKind.TooDeep, $"elements nested more than {_options.MaxDepth} deep");
        }

        using var doc = _parser.Value!.ParseDocument(html);
        var meta = MetadataReader.Read(doc, url);
        if (doc.Body is null)
        {
            return ExtractionOutcome.Fail(ExtractionFailureKind.NoContent, "the page has no body");
        }

        var body = new BodyExtractor().Extract(doc.Body, meta.Title, meta.JsonLdBody);
        if (body.TextChars < _options.MinBodyChars)
        {
            if (body.DocumentTextChars >= 1_000 && !HasArticleSignals(meta))
            {
                return ExtractionOutcome.Fail(ExtractionFailureKind.NotAnArticle, "the text on the page is links and snippets, not an article");
            }

            return ExtractionOutcome.Fail(ExtractionFailureKind.NoContent,
                body.DocumentTextChars == 0 ? "the page has no visible text" : "no article text found (too short, or behind a paywall)");
        }

        if (!HasArticleSignals(meta) && LooksLikeListing(body))
        {
            return ExtractionOutcome.Fail(ExtractionFailureKind.NotAnArticle, "the page is a listing of many items, not one article");
        }

        var publishedSource = meta.DateEvidence switch
        {
            DateEvidence.JsonLd or DateEvidence.MetaTag or DateEvidence.TimeElement => DateSource.Metadata,
            DateEvidence.Url => DateSource.Url,
            DateEvidence.Dateline => DateSource.Text,
            _ => DateSource.Unknown,
        };

        var article = new Article
        {
            Id = id,
            Url = url ?? meta.CanonicalUrl,
            CanonicalUrl = meta.CanonicalUrl,
            Title = meta.Title,
            Authors = meta.Authors,
            Published = meta.Published,
            PublishedSource = publishedSource,
            DateOnly = meta.DateOnly,
            Outlet = meta.Outlet,
            Language = ChooseLanguage(meta.Language, body.Text),
            Text = body.Text,
            Image = meta.Image,
        };
        return new ExtractionOutcome { Article = article, DateEvidence = meta.DateEvidence };
    }

    /// <summary>The declared language, unless the body plainly is in another one; the body's when none is declared.</summary>
    private static string? ChooseLanguage(string? declared, string text)
    {
        var guessed = LanguageGuesser.Guess(text);
        if (guessed is null)
        {
            return declared;
        }

        // "zh" declared for Japanese text and similar near misses are left to the page; Latin-script mismatches are templates.
        return declared is null || (declared != guessed && declared.Length == 2) ? guessed : declared;
    }

    private static bool HasArticleSignals(PageMetadata meta) =>
        meta.JsonLdType is not null
        || (meta.OgType is { } og && og.Equals("article", StringComparison.OrdinalIgnoreCase))
        || meta.Published is not null;

    /// <summary>A listing: the chosen box is mostly link text and made of many short items.</summary>
    private static bool LooksLikeListing(BodyResult body) =>
        body.LinkDensity > 0.45 && body.TextChars < 3 * 1_000 && body.Paragraphs > 0 && body.TextChars / body.Paragraphs < 80;
}
