using System.Text.Json.Nodes;

namespace Herald.Model;

/// <summary>Writes annotations into a JSON record in the DESIGN.md formats, next to the record's own fields.</summary>
public static class AnnotationJson
{
    /// <summary>The annotations alone as one JSON object {"entities": [...], "places": [...], …}.</summary>
    public static string Serialize(ArticleAnnotations a)
    {
        var record = new JsonObject();
        AddTo(record, a);
        return record.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public static void AddTo(JsonObject record, ArticleAnnotations a)
    {
        record["entities"] = Array(a.Entities, e => new JsonObject
        {
            ["text"] = e.Text, ["type"] = TypeName(e.Type), ["start"] = e.Start, ["end"] = e.End, ["name"] = e.Name,
        });
        record["places"] = Array(a.Places, p => new JsonObject
        {
            ["text"] = p.Text, ["start"] = p.Start, ["end"] = p.End, ["name"] = p.Name, ["geonameId"] = p.GeonameId,
            ["countryCode"] = p.CountryCode, ["lat"] = p.Lat, ["lon"] = p.Lon,
        });
        record["quotes"] = Array(a.Quotes, q => new JsonObject
        {
            ["text"] = q.Text, ["start"] = q.Start, ["end"] = q.End, ["speaker"] = q.Speaker, ["speakerStart"] = q.SpeakerStart,
            ["speakerEnd"] = q.SpeakerEnd, ["cue"] = q.Cue,
        });
        record["amounts"] = Array(a.Amounts, m => new JsonObject
        {
            ["text"] = m.Text, ["start"] = m.Start, ["end"] = m.End, ["value"] = m.Value, ["object"] = m.Object,
        });
        record["dates"] = Array(a.Dates, d => new JsonObject
        {
            ["text"] = d.Text, ["start"] = d.Start, ["end"] = d.End, ["value"] = d.Value,
        });
        record["events"] = Array(a.Events, e => new JsonObject
        {
            ["sentence"] = e.Sentence, ["source"] = e.Source, ["target"] = e.Target, ["code"] = e.Code, ["quadClass"] = e.QuadClass,
            ["goldstein"] = e.Goldstein, ["sourceText"] = e.SourceText, ["targetText"] = e.TargetText, ["place"] = e.Place,
        });
        record["tone"] = a.Tone is { } t
            ? new JsonObject
            {
                ["tone"] = Math.Round(t.Tone, 3), ["positive"] = Math.Round(t.Positive, 3), ["negative"] = Math.Round(t.Negative, 3),
                ["polarity"] = Math.Round(t.Polarity, 3), ["wordCount"] = t.WordCount,
            }
            : null;
    }

    public static string TypeName(EntityType type) => type switch
    {
        EntityType.Person => "PERSON",
        EntityType.Org => "ORG",
        EntityType.Place => "PLACE",
        _ => "OTHER",
    };

    private static JsonArray Array<T>(IReadOnlyList<T> items, Func<T, JsonObject> map)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(map(item));
        }

        return array;
    }
}
