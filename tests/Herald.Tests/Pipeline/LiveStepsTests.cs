using Herald.Composition;
using Herald.Model;
using Herald.Stories;
using Herald.Tests.Storage;

namespace Herald.Tests.Pipeline;

/// <summary>
/// The live steps after storing: new articles are marked as copies and republications first, then stories and
/// annotation run side by side. What annotation reads of the marks must be there when it runs (on every store).
/// </summary>
public sealed class LiveStepsTests
{
    private const string Body =
        "Iraqi engineers said on Tuesday that the Mosul Dam needs urgent repairs before the spring floods, and the "
        + "World Bank said it would fund the work. Officials in Baghdad said contractors from Italy would start next month.";

    // Dated by its officeholder: Obama was president from 2009 to 2017, and "March 3" puts it in 2009.
    private const string Stale =
        "President Barack Obama met the Prime Minister at the White House on March 3 to discuss trade. "
        + "The two leaders said they would meet again next week.";

    private static Article Make(string id, string outlet, DateTimeOffset published, string text) => new()
    {
        Id = id, Url = $"https://{outlet.ToLowerInvariant()}.example/{id}", Title = "Mosul Dam needs urgent repairs, engineers say",
        Outlet = outlet, Language = "en", Published = published, Text = text,
    };

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task A_copy_is_never_annotated_and_a_republication_is_annotated_against_its_original_date(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind, "live-steps");
        var store = owned.Store;
        var t0 = new DateTimeOffset(2025, 7, 1, 9, 0, 0, TimeSpan.Zero);
        var stale = Make("stale", "Wire", t0.AddDays(7), Stale) with { Title = "Obama meets Prime Minister on trade" };
        await store.UpsertAsync([Make("a", "Reuters", t0, Body), Make("b", "Rudaw", t0.AddDays(2), Body), stale], CancellationToken.None);

        await LiveSteps.RunAsync(store, CancellationToken.None);

        var a = (await store.GetAsync("a", CancellationToken.None))!;
        var b = (await store.GetAsync("b", CancellationToken.None))!;
        Assert.Equal("a", b.DuplicateOf);
        Assert.NotNull(a.Story);
        Assert.Equal(a.Story, b.Story);
        Assert.NotNull(await store.GetAnnotationsAsync("a", CancellationToken.None));
        Assert.Null(await store.GetAnnotationsAsync("b", CancellationToken.None));

        // The mark is the detector's estimate, and annotation resolved the text's dates against it, not against 2025.
        var estimate = RepublicationDetector.Estimate(stale);
        Assert.Equal(new DateTimeOffset(2009, 3, 3, 0, 0, 0, TimeSpan.Zero), estimate);
        var stored = (await store.GetAsync("stale", CancellationToken.None))!;
        Assert.Equal(estimate, stored.Republished);
        var json = await store.GetAnnotationsAsync("stale", CancellationToken.None);
        Assert.NotNull(json);
        Assert.Contains("2009-03-03", json, StringComparison.Ordinal);
        Assert.DoesNotContain("2025-03-03", json, StringComparison.Ordinal);

        // Nothing new: a second run changes nothing.
        var before = await SnapshotAsync(store);
        await LiveSteps.RunAsync(store, CancellationToken.None);
        Assert.Equal(before, await SnapshotAsync(store));
    }

    private static async Task<string> SnapshotAsync(Herald.Pipeline.IArticleStore store)
    {
        var rows = new List<string>();
        foreach (var id in new[] { "a", "b", "stale" })
        {
            var x = (await store.GetAsync(id, CancellationToken.None))!;
            rows.Add($"{x.Id} {x.Story} {x.DuplicateOf} {x.Republished:O} {await store.GetAnnotationsAsync(id, CancellationToken.None)}");
        }

        return string.Join("\n", rows);
    }
}
