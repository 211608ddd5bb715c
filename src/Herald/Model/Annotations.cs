namespace Herald.Model;

// Annotation records (DESIGN.md "Annotation record formats"). Offsets are UTF-16 indices into Article.Text,
// end exclusive. Every annotator writes these and only these; the JSON names are the camelCase property names.

public enum EntityType
{
    Person,
    Org,
    Place,
    Other,
}

/// <summary>A named entity mention. <see cref="Name"/> is the normalised name ("Joseph Scrocca" for "Col. Joseph Scrocca").</summary>
public sealed record EntityMention(string Text, EntityType Type, int Start, int End, string Name);

/// <summary>A toponym resolved to GeoNames.</summary>
public sealed record PlaceMention(
    string Text, int Start, int End, string Name, long? GeonameId, string? CountryCode, double? Lat, double? Lon);

/// <summary>A quotation or reported speech; speaker fields are null when unknown.</summary>
public sealed record QuoteMention(
    string Text, int Start, int End, string? Speaker, int? SpeakerStart, int? SpeakerEnd, string? Cue);

/// <summary>A number with what it counts: "141 bodies" → Value 141, Object "bodies".</summary>
public sealed record AmountMention(string Text, int Start, int End, double Value, string? Object);

/// <summary>A date expression resolved to ISO 8601 ("2017-03-17", or "2015-10" when only the month is known).</summary>
public sealed record DateMention(string Text, int Start, int End, string Value);

/// <summary>A CAMEO-coded event: who did what to whom.</summary>
public sealed record EventMention(
    string Sentence, string Source, string Target, string Code, int QuadClass, double Goldstein,
    string? SourceText, string? TargetText, string? Place);

/// <summary>GDELT-style tone: positive minus negative words per 100 words.</summary>
public sealed record ToneScore(double Tone, double Positive, double Negative, double Polarity, int WordCount);

/// <summary>Everything the Annotate stage adds to one article.</summary>
public sealed record ArticleAnnotations(
    IReadOnlyList<EntityMention> Entities,
    IReadOnlyList<PlaceMention> Places,
    IReadOnlyList<QuoteMention> Quotes,
    IReadOnlyList<AmountMention> Amounts,
    IReadOnlyList<DateMention> Dates,
    IReadOnlyList<EventMention> Events,
    ToneScore? Tone);
