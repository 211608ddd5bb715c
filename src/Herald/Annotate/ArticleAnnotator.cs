using Herald.Annotate.Amounts;
using Herald.Annotate.Dates;
using Herald.Annotate.Events;
using Herald.Annotate.Quotes;
using Herald.Annotate.Tone;
using Herald.Model;

namespace Herald.Annotate;

/// <summary>
/// Runs every annotator over one article: entities and places from the plugged-in recognizers, then quotes, amounts,
/// dates, events and tone on top of them. Built once and shared: it holds no per-article state, so one instance may
/// annotate many articles at once from several threads.
/// </summary>
public sealed class ArticleAnnotator
{
    private readonly IEntityRecognizer _entities;
    private readonly IPlaceResolver _places;
    private readonly QuoteAnnotator _quotes = new();
    private readonly AmountAnnotator _amounts = new();
    private readonly DateAnnotator _dates = new();
    private readonly EventCoder _events = EventCoder.CreateDefault();
    private readonly ToneScorer _tone = new();

    public ArticleAnnotator(IEntityRecognizer entities, IPlaceResolver places)
    {
        _entities = entities;
        _places = places;
    }

    /// <summary>The annotator with the built-in rule-based recognizers (no trained models needed).</summary>
    public static ArticleAnnotator CreateDefault() => new(new CapitalisedNameFinder(), new CountryPlaceResolver());

    /// <param name="text">The article body (offsets refer to it).</param>
    /// <param name="published">When the article appeared; relative dates resolve against it, or against clues in the text when null.</param>
    public ArticleAnnotations Annotate(string text, DateTimeOffset? published)
    {
        var units = TextUnits.Of(text);
        var entities = _entities.Recognize(text);
        var places = _places.Resolve(text, entities);
        var quotes = _quotes.Annotate(units, entities);
        var amounts = _amounts.Annotate(units);
        var dates = _dates.Annotate(units, published, entities);
        var events = _events.Code(units, entities, places, quotes);
        var tone = _tone.Score(units);
        return new ArticleAnnotations(entities, places, quotes, amounts, dates, events, tone);
    }
}
