using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Annotate;
using Herald.Model;

namespace Herald.Tests.Model;

/// <summary>
/// The stored annotation JSON is written straight to a buffer; it must be the very text the node form (`annotate`'s
/// records) gives, field for field, so stores written before and after read the same.
/// </summary>
public sealed class AnnotationJsonTests
{
    private static string ViaNodes(ArticleAnnotations a)
    {
        var record = new JsonObject();
        AnnotationJson.AddTo(record, a);
        return record.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    [Fact]
    public void Every_field_null_and_escape_is_written_as_the_node_form_writes_it()
    {
        var a = new ArticleAnnotations(
            [new EntityMention("Nuri al-Maliki", EntityType.Person, 0, 14, "Nuri al-Maliki"), new EntityMention("\"UN\"\n", EntityType.Other, 3, 9, "UN </script>")],
            [new PlaceMention("Mosul", 20, 25, "Mosul", 99072, "IQ", 36.335, 43.11889), new PlaceMention("Érbil", 30, 35, "Erbil", null, null, null, null)],
            [new QuoteMention("“We will not leave,” he said", 40, 68, null, null, null, null), new QuoteMention("Done", 1, 5, "Ali", 7, 10, "said")],
            [new AmountMention("141 bodies", 70, 80, 141, "bodies"), new AmountMention("1.5e-7 %", 81, 88, 1.5e-7, null)],
            [new DateMention("March 3", 90, 97, "2009-03-03")],
            [new EventMention("Iraq condemned the strike.", "IRQ", "USA", "111", 3, -2.0, "Iraq", null, "Baghdad")],
            new ToneScore(-1.23456, 2.0004, 3.33333, 5.1, 42));
        var text = AnnotationJson.Serialize(a);
        Assert.Equal(ViaNodes(a), text);
        Assert.Equal(a.Places[0].Lat, AnnotationJson.Parse(text).Places[0].Lat);

        var empty = new ArticleAnnotations([], [], [], [], [], [], null);
        Assert.Equal(ViaNodes(empty), AnnotationJson.Serialize(empty));
        Assert.Equal("""{"entities":[],"places":[],"quotes":[],"amounts":[],"dates":[],"events":[],"tone":null}""", AnnotationJson.Serialize(empty));
    }

    [Fact]
    public void The_seed_pages_annotations_are_written_as_the_node_form_writes_them()
    {
        var annotator = ArticleAnnotator.CreateDefault();
        var text = File.ReadAllText(TestPaths.SampleSeedPage);
        var a = annotator.Annotate(text, new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.NotEmpty(a.Entities);
        Assert.NotEmpty(a.Places);
        Assert.Equal(ViaNodes(a), AnnotationJson.Serialize(a));
    }
}
