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

    /// <summary>The annotator with the trained entity tagger and the GeoNames place resolver.</summary>
    public static ArticleAnnotator CreateDefault() => new(Entities.EntityRecognizer.LoadDefault(), Places.PlaceResolver.LoadDefault());

    /// <summary>The annotator with the built-in rule-based recognizers (no trained models needed; countries only).</summary>
    public static ArticleAnnotator CreateRuleBased() => new(new CapitalisedNameFinder(), new CountryPlaceResolver());

    /// <param name="text">The article body (offsets refer to it).</param>
    /// <param name="published">When the article appeared; relative dates resolve against it, or against clues in the text when null.</param>
    public ArticleAnnotations Annotate(string text, DateTimeOffset? published) => Annotate(text, published, null);

    /// <summary>As <see cref="Annotate(string, DateTimeOffset?)"/>; <paramref name="lap"/>, when given, is told each
    /// annotator's name as it finishes (the annotate bench's per-annotator times).</summary>
    internal ArticleAnnotations Annotate(string text, DateTimeOffset? published, Action<string>? lap)
    {
        var units = TextUnits.Of(text);
        lap?.Invoke("sentences");
        var entities = LinkSurnames(_entities.Recognize(text));
        lap?.Invoke("entities");
        var places = ResolvePlaces(text, entities);
        lap?.Invoke("places");
        var quotes = _quotes.Annotate(units, entities);
        lap?.Invoke("quotes");
        var amounts = _amounts.Annotate(units);
        lap?.Invoke("amounts");
        var dates = _dates.Annotate(units, published, entities);
        lap?.Invoke("dates");
        var events = _events.Code(units, entities, places, quotes);
        lap?.Invoke("events");
        var tone = _tone.Score(units);
        lap?.Invoke("tone");
        return new ArticleAnnotations(entities, places, quotes, amounts, dates, events, tone);
    }

    /// <summary>
    /// "Scrocca" after "Col. Joseph Scrocca" is the same person: a one-word person mention takes the full name of
    /// a person named earlier (or, failing that, later) whose last name it is, so quotes and events name them fully.
    /// </summary>
    internal static IReadOnlyList<EntityMention> LinkSurnames(IReadOnlyList<EntityMention> entities)
    {
        var full = new List<string>();
        foreach (var e in entities)
        {
            if (e.Type == EntityType.Person && e.Name.Contains(' ', StringComparison.Ordinal))
            {
                full.Add(e.Name);
            }
        }

        if (full.Count == 0)
        {
            return entities;
        }

        var linked = new List<EntityMention>(entities.Count);
        foreach (var e in entities)
        {
            if (e.Type == EntityType.Person && !e.Name.Contains(' ', StringComparison.Ordinal))
            {
                var matches = full.Where(f => f.EndsWith(" " + e.Name, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
                if (matches.Count == 1)
                {
                    linked.Add(e with { Name = matches[0] });
                    continue;
                }
            }

            linked.Add(e);
        }

        return linked;
    }

    /// <summary>
    /// Places from the tagger's PLACE mentions, plus names the tagger left as OTHER that the gazetteer-driven finder
    /// places on its own ("the city's al-Jadidah neighborhood"): the tagger follows CoNLL, where such names are MISC.
    /// </summary>
    private IReadOnlyList<PlaceMention> ResolvePlaces(string text, IReadOnlyList<EntityMention> entities)
    {
        var places = _places.Resolve(text, entities);
        var others = entities.Where(e => e.Type == EntityType.Other).ToList();
        if (others.Count == 0)
        {
            return places;
        }

        var extra = _places.Resolve(text, null)
            .Where(p => others.Any(o => p.Start >= o.Start && p.End <= o.End) && !places.Any(q => q.Start < p.End && p.Start < q.End))
            .Where(p => !char.IsUpper(text[p.Start]) || p.Text.Contains('-', StringComparison.Ordinal) || p.GeonameId is null)
            .ToList();
        return extra.Count == 0 ? places : places.Concat(extra).OrderBy(p => p.Start).ToList();
    }
}
