using Herald.Model;
using Herald.Storage.Sqlite;

namespace Herald.Tests.Storage;

/// <summary>
/// The fingerprint that tells a changed article from an unchanged one is stored with every row: computed another way,
/// it must come out the same, or a store written before would see every article as changed on its next ingest (and
/// annotate it all again). The expected values were printed by the first implementation.
/// </summary>
public sealed class ContentHashTests
{
    public static TheoryData<string, string> Articles => new()
    {
        { "bare", "8d52347755f511e5ed72494c3f711ef3" },
        { "full", "0ef35bf6b0c9c0ea8546f13d89f55db6" },
        { "unicode", "7a9222724d3b55640b7020f2b2edc628" },
    };

    private static Article Make(string kind) => kind switch
    {
        "bare" => new Article { Id = "a1", Url = "https://example.org/a", Title = "", Text = "" },
        "full" => new Article
        {
            Id = "a2", Url = "https://example.org/news/2025/01/02/story", CanonicalUrl = "https://example.org/story",
            Title = "Iraq's parliament approves budget", Section = "World", Authors = ["Jane Doe", "John Roe"],
            Published = new DateTimeOffset(2025, 1, 2, 9, 30, 0, TimeSpan.Zero), DateOnly = true,
            PublishedSource = DateSource.Metadata, Outlet = "Example News", Language = "en",
            Text = "BAGHDAD — The parliament approved the budget on Thursday.\n\nMore follows.", Image = "https://example.org/i.jpg",
            Story = "s-20250102-1", DuplicateOf = "a0", Republished = new DateTimeOffset(2017, 4, 1, 0, 0, 0, TimeSpan.Zero),
        },
        _ => new Article
        {
            Id = "a3", Url = "https://例え.jp/記事", Title = "東京で会議 — «Réunion» à Zürich", Authors = ["Zoë Ångström"],
            Published = new DateTimeOffset(1999, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(-5)), Outlet = "Ünïcode",
            Language = "ja", Text = "本文\u001fwith a unit separator inside",
        },
    };

    [Theory]
    [MemberData(nameof(Articles))]
    public void Stays_what_stores_already_hold(string kind, string expected) =>
        Assert.Equal(expected, SqliteStore.ContentHash(Make(kind)));
}
