using Herald.Annotate;
using Herald.Model;
using Herald.Tests.Storage;

namespace Herald.Tests.Annotate;

/// <summary>Annotation runs once per unique content: new articles, and articles whose content changed, only (on every store).</summary>
public sealed class AnnotationBacklogTests
{
    private static Article Story(string id, string text) => new()
    {
        Id = id, Url = $"https://example.com/{id}", Title = "Dam talks " + id, Outlet = "Reuters", Language = "en",
        Published = new DateTimeOffset(2025, 7, 1, 9, 0, 0, TimeSpan.Zero), Text = text,
    };

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Only_new_and_changed_articles_are_annotated_headline_only_items_from_their_headline_and_copies_never(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind, "backlog");
        var store = owned.Store;
        static ArticleAnnotator Annotator() => ArticleAnnotator.CreateRuleBased();
        await store.UpsertAsync(
        [
            Story("a", "Iraqi engineers said on Tuesday that the Mosul Dam needs repairs."),
            Story("b", "The World Bank approved funding for Iraq on Monday."),
            Story("headline-only", "") with { Title = "Iraq War architect Condi Rice heaps praise on Trump admin for Iran strikes" },
            Story("copy", "The World Bank approved funding for Iraq on Monday.") with { DuplicateOf = "b" },
        ], CancellationToken.None);
        Assert.Equal(3, await AnnotationBacklog.RunAsync(store, Annotator, CancellationToken.None));
        Assert.Equal(0, await AnnotationBacklog.RunAsync(store, Annotator, CancellationToken.None));
        Assert.Null(await store.GetAnnotationsAsync("copy", CancellationToken.None));

        // The headline-only item is read like a body: the names in its headline, with offsets into the headline.
        var json = await store.GetAnnotationsAsync("headline-only", CancellationToken.None);
        Assert.NotNull(json);
        var ann = System.Text.Json.Nodes.JsonNode.Parse(json!)!;
        var headline = "Iraq War architect Condi Rice heaps praise on Trump admin for Iran strikes";
        var rice = ann["entities"]!.AsArray().First(e => (string?)e!["type"] == "PERSON" && ((string?)e["name"])!.Contains("Rice", StringComparison.Ordinal))!;
        Assert.Equal("Condi Rice", headline[(int)rice["start"]!..(int)rice["end"]!]);
        Assert.Contains(ann["places"]!.AsArray(), p => (string?)p!["name"] == "Iraq");

        // An older article whose text changes is annotated again, once; a new one is annotated; nothing else is.
        await store.UpsertAsync([Story("a", "Iraqi engineers said on Wednesday that the Mosul Dam needs urgent repairs.")], CancellationToken.None);
        await store.UpsertAsync([Story("c", "Turkey agreed to release more water to Iraq.")], CancellationToken.None);
        Assert.Null(await store.GetAnnotationsAsync("a", CancellationToken.None));
        var listed = await store.ListUnannotatedAsync(CancellationToken.None).Select(x => x.Id).ToListAsync();
        Assert.Equal(["a", "c"], listed);
        Assert.Equal(2, await AnnotationBacklog.RunAsync(store, Annotator, CancellationToken.None));
        Assert.NotNull(await store.GetAnnotationsAsync("a", CancellationToken.None));
        Assert.Empty(await store.ListUnannotatedAsync(CancellationToken.None).ToListAsync());
    }
}
