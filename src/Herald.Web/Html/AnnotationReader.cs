using System.Text.Json;
using Herald.Model;

namespace Herald.Web.Html;

/// <summary>
/// Reads the annotation JSON the Annotate stage stores per article (DESIGN.md record formats). Tolerant by
/// design: a record with a missing or mistyped field is skipped, never fatal, because the page must render
/// whatever an annotator version wrote.
/// </summary>
internal static class AnnotationReader
{
    public static readonly ArticleAnnotations Empty = new([], [], [], [], [], [], null);

    public static ArticleAnnotations Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Empty;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Empty;
            }

            return new ArticleAnnotations(
                Items(root, "entities", Entity),
                Items(root, "places", Place),
                Items(root, "quotes", Quote),
                Items(root, "amounts", Amount),
                Items(root, "dates", Date),
                Items(root, "events", Event),
                Tone(root));
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    private static List<T> Items<T>(JsonElement root, string name, Func<JsonElement, T?> read)
        where T : class
    {
        var list = new List<T>();
        if (root.TryGetProperty(name, out var arr) && arr.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in arr.EnumerateArray())
            {
                if (e.ValueKind == JsonValueKind.Object && read(e) is { } item)
                {
                    list.Add(item);
                }
            }
        }

        return list;
    }

    private static EntityMention? Entity(JsonElement e)
    {
        var text = Str(e, "text");
        if (text is null || Int(e, "start") is not { } start || Int(e, "end") is not { } end)
        {
            return null;
        }

        var type = Str(e, "type")?.ToUpperInvariant() switch
        {
            "PERSON" => EntityType.Person,
            "ORG" or "ORGANIZATION" or "ORGANISATION" => EntityType.Org,
            "PLACE" or "LOC" or "GPE" => EntityType.Place,
            _ => EntityType.Other,
        };
        return new EntityMention(text, type, start, end, Str(e, "name") ?? text);
    }

    private static PlaceMention? Place(JsonElement e)
    {
        var text = Str(e, "text");
        if (text is null || Int(e, "start") is not { } start || Int(e, "end") is not { } end)
        {
            return null;
        }

        var lat = Num(e, "lat");
        var lon = Num(e, "lon");
        if (lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            lat = lon = null;
        }

        return new PlaceMention(text, start, end, Str(e, "name") ?? text, Long(e, "geonameId"), Str(e, "countryCode"), lat, lon);
    }

    private static QuoteMention? Quote(JsonElement e)
    {
        var text = Str(e, "text");
        return text is null || Int(e, "start") is not { } start || Int(e, "end") is not { } end
            ? null
            : new QuoteMention(text, start, end, Str(e, "speaker"), Int(e, "speakerStart"), Int(e, "speakerEnd"), Str(e, "cue"));
    }

    private static AmountMention? Amount(JsonElement e)
    {
        var text = Str(e, "text");
        return text is null || Int(e, "start") is not { } start || Int(e, "end") is not { } end
            ? null
            : new AmountMention(text, start, end, Num(e, "value") ?? 0, Str(e, "object"));
    }

    private static DateMention? Date(JsonElement e)
    {
        var text = Str(e, "text");
        return text is null || Int(e, "start") is not { } start || Int(e, "end") is not { } end
            ? null
            : new DateMention(text, start, end, Str(e, "value") ?? "");
    }

    private static EventMention? Event(JsonElement e)
    {
        var sentence = Str(e, "sentence");
        var code = Str(e, "code");
        var source = Str(e, "source");
        var target = Str(e, "target");
        // CAMEO event codes are two to four digits; anything else is not an event this page can name.
        return sentence is null || source is null || target is null || code is null || code.Length is < 2 or > 4 || !code.All(char.IsAsciiDigit)
            ? null
            : new EventMention(sentence, source, target, code, Int(e, "quadClass") ?? 0, Math.Clamp(Num(e, "goldstein") ?? 0, -10, 10),
                Str(e, "sourceText"), Str(e, "targetText"), Str(e, "place"));
    }

    private static ToneScore? Tone(JsonElement root) =>
        root.TryGetProperty("tone", out var t) && t.ValueKind == JsonValueKind.Object && Num(t, "tone") is { } tone
            ? new ToneScore(tone, Num(t, "positive") ?? 0, Num(t, "negative") ?? 0, Num(t, "polarity") ?? 0, Int(t, "wordCount") ?? 0)
            : null;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var i) ? i : null;

    private static double? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;
}
