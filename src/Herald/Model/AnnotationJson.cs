using System.Text.Json;
using System.Text.Json.Nodes;

namespace Herald.Model;

/// <summary>Writes annotations into a JSON record in the DESIGN.md formats, next to the record's own fields, and reads them back.</summary>
public static class AnnotationJson
{
    /// <summary>The annotations alone as one JSON object {"entities": [...], "places": [...], …}.</summary>
    /// <remarks>
    /// Written straight to a per-thread buffer, without a node per field: every article is serialised once, and the
    /// nodes were a tenth of a headline ingest's garbage. This is the one field list; <see cref="AddTo"/> reads it back.
    /// </remarks>
    public static string Serialize(ArticleAnnotations a)
    {
        var buffer = t_buffer ??= new System.Buffers.ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Relaxed, SkipValidation = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("entities");
            foreach (var e in a.Entities)
            {
                w.WriteStartObject();
                w.WriteString("text", e.Text);
                w.WriteString("type", TypeName(e.Type));
                w.WriteNumber("start", e.Start);
                w.WriteNumber("end", e.End);
                w.WriteString("name", e.Name);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("places");
            foreach (var p in a.Places)
            {
                w.WriteStartObject();
                w.WriteString("text", p.Text);
                w.WriteNumber("start", p.Start);
                w.WriteNumber("end", p.End);
                w.WriteString("name", p.Name);
                Number(w, "geonameId", p.GeonameId);
                w.WriteString("countryCode", p.CountryCode);
                Number(w, "lat", p.Lat);
                Number(w, "lon", p.Lon);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("quotes");
            foreach (var q in a.Quotes)
            {
                w.WriteStartObject();
                w.WriteString("text", q.Text);
                w.WriteNumber("start", q.Start);
                w.WriteNumber("end", q.End);
                w.WriteString("speaker", q.Speaker);
                Number(w, "speakerStart", q.SpeakerStart);
                Number(w, "speakerEnd", q.SpeakerEnd);
                w.WriteString("cue", q.Cue);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("amounts");
            foreach (var m in a.Amounts)
            {
                w.WriteStartObject();
                w.WriteString("text", m.Text);
                w.WriteNumber("start", m.Start);
                w.WriteNumber("end", m.End);
                w.WriteNumber("value", m.Value);
                w.WriteString("object", m.Object);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("dates");
            foreach (var d in a.Dates)
            {
                w.WriteStartObject();
                w.WriteString("text", d.Text);
                w.WriteNumber("start", d.Start);
                w.WriteNumber("end", d.End);
                w.WriteString("value", d.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("events");
            foreach (var e in a.Events)
            {
                w.WriteStartObject();
                w.WriteString("sentence", e.Sentence);
                w.WriteString("source", e.Source);
                w.WriteString("target", e.Target);
                w.WriteString("code", e.Code);
                w.WriteNumber("quadClass", e.QuadClass);
                w.WriteNumber("goldstein", e.Goldstein);
                w.WriteString("sourceText", e.SourceText);
                w.WriteString("targetText", e.TargetText);
                w.WriteString("place", e.Place);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (a.Tone is { } t)
            {
                w.WriteStartObject("tone");
                w.WriteNumber("tone", Math.Round(t.Tone, 3));
                w.WriteNumber("positive", Math.Round(t.Positive, 3));
                w.WriteNumber("negative", Math.Round(t.Negative, 3));
                w.WriteNumber("polarity", Math.Round(t.Polarity, 3));
                w.WriteNumber("wordCount", t.WordCount);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("tone");
            }

            w.WriteEndObject();
        }

        var text = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > 1 << 20)
        {
            // One huge article does not pin a megabyte per thread for the rest of the run.
            t_buffer = null;
        }

        return text;
    }

    private static readonly System.Text.Encodings.Web.JavaScriptEncoder Relaxed = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    [ThreadStatic]
    private static System.Buffers.ArrayBufferWriter<byte>? t_buffer;

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>The annotations as nodes added to <paramref name="record"/> (the `annotate` verb's records): the same fields as <see cref="Serialize"/>.</summary>
    public static void AddTo(JsonObject record, ArticleAnnotations a)
    {
        // One field list, Serialize's: the `annotate` verb's records carry exactly what the store keeps.
        var fields = JsonNode.Parse(Serialize(a))!.AsObject();
        foreach (var name in fields.Select(f => f.Key).ToList())
        {
            var value = fields[name];
            fields.Remove(name);
            record[name] = value;
        }
    }

    public static string TypeName(EntityType type) => type switch
    {
        EntityType.Person => "PERSON",
        EntityType.Org => "ORG",
        EntityType.Place => "PLACE",
        _ => "OTHER",
    };

    /// <summary>
    /// Reads what <see cref="Serialize"/> wrote. Tolerant: an item with a missing or mistyped required field is left
    /// out and a missing list is empty, so any stored annotator version reads; text that is not a JSON object gives
    /// empty annotations.
    /// </summary>
    public static ArticleAnnotations Parse(string? json)
    {
        ArticleAnnotations empty = new([], [], [], [], [], [], null);
        if (string.IsNullOrWhiteSpace(json))
        {
            return empty;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object)
            {
                return empty;
            }

            return new ArticleAnnotations(
                Items(r, "entities", e => new EntityMention(Req(e, "text"), TypeOf(Str(e, "type")), Int(e, "start")!.Value, Int(e, "end")!.Value, Req(e, "name"))),
                Items(r, "places", p => new PlaceMention(
                    Req(p, "text"), Int(p, "start")!.Value, Int(p, "end")!.Value, Req(p, "name"), Long(p, "geonameId"), Str(p, "countryCode"),
                    Num(p, "lat"), Num(p, "lon"))),
                Items(r, "quotes", q => new QuoteMention(
                    Req(q, "text"), Int(q, "start")!.Value, Int(q, "end")!.Value, Str(q, "speaker"), Int(q, "speakerStart"), Int(q, "speakerEnd"), Str(q, "cue"))),
                Items(r, "amounts", m => new AmountMention(Req(m, "text"), Int(m, "start")!.Value, Int(m, "end")!.Value, Num(m, "value")!.Value, Str(m, "object"))),
                Items(r, "dates", d => new DateMention(Req(d, "text"), Int(d, "start")!.Value, Int(d, "end")!.Value, Req(d, "value"))),
                Items(r, "events", e => new EventMention(
                    Req(e, "sentence"), Req(e, "source"), Req(e, "target"), Req(e, "code"), Int(e, "quadClass")!.Value, Num(e, "goldstein")!.Value,
                    Str(e, "sourceText"), Str(e, "targetText"), Str(e, "place"))),
                r.TryGetProperty("tone", out var t) && t.ValueKind == JsonValueKind.Object && Num(t, "tone") is { } tone
                    ? new ToneScore(tone, Num(t, "positive") ?? 0, Num(t, "negative") ?? 0, Num(t, "polarity") ?? 0, Int(t, "wordCount") ?? 0)
                    : null);
        }
        catch (JsonException)
        {
            return empty;
        }
    }

    private static EntityType TypeOf(string? name) => name switch
    {
        "PERSON" => EntityType.Person,
        "ORG" => EntityType.Org,
        "PLACE" => EntityType.Place,
        _ => EntityType.Other,
    };

    private static List<T> Items<T>(JsonElement root, string name, Func<JsonElement, T> read)
    {
        var list = new List<T>();
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return list;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            try
            {
                list.Add(read(item));
            }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException)
            {
                // A mistyped or missing required field: this item is skipped, the rest stay.
            }
        }

        return list;
    }

    private static string Req(JsonElement e, string name) => Str(e, name) ?? throw new FormatException(name + " missing");

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var i) ? i : null;
}
