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
    public async Task Only_new_and_changed_articles_are_annotated_and_copies_and_headlines_never(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind, "backlog");
        var store = owned.Store;
        static ArticleAnnotator Annotator() => ArticleAnnotator.CreateRuleBased();
        await store.UpsertAsync(
        [
            Story("a", "Iraqi engineers said on Tuesday that the Mosul Dam needs repairs."),
            Story("b", "The World Bank approved funding for Iraq on Monday."),
            Story("headline-only", ""),
            Story("copy", "The World Bank approved funding for Iraq on Monday.") with { DuplicateOf = "b" },
        ], CancellationToken.None);
        Assert.Equal(2, await AnnotationBacklog.RunAsync(store, Annotator, CancellationToken.None));
        Assert.Equal(0, await AnnotationBacklog.RunAsync(store, Annotator, CancellationToken.None));

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
