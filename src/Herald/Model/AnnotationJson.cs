using System.Text;
using System.Text.Json;

namespace Herald.Model;

/// <summary>The annotation record formats of DESIGN.md, written as JSON properties of an article record.</summary>
public static class AnnotationJson
{
    public static string TypeName(EntityType t) => t switch
    {
        EntityType.Person => "PERSON",
        EntityType.Org => "ORG",
        EntityType.Place => "PLACE",
        _ => "OTHER",
    };

    /// <summary>The annotations as one JSON object {"entities": [...], "places": [...], …}.</summary>
    public static string Serialize(ArticleAnnotations a)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            WriteProperties(w, a);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes entities, places, quotes, amounts, dates, events and tone as properties of the open object.</summary>
    public static void WriteProperties(Utf8JsonWriter w, ArticleAnnotations a)
    {
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
            if (p.GeonameId is { } id)
            {
                w.WriteNumber("geonameId", id);
            }
            else
            {
                w.WriteNull("geonameId");
            }

            w.WriteString("countryCode", p.CountryCode);
            WriteNumberOrNull(w, "lat", p.Lat);
            WriteNumberOrNull(w, "lon", p.Lon);
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
            WriteNumberOrNull(w, "speakerStart", q.SpeakerStart);
            WriteNumberOrNull(w, "speakerEnd", q.SpeakerEnd);
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
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } x)
        {
            w.WriteNumber(name, x);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, int? v)
    {
        if (v is { } x)
        {
            w.WriteNumber(name, x);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
