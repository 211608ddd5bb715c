using Herald.Ingest;
using Herald.Storage.Sqlite;
using Herald.Text;
using Herald.Topics;

namespace Herald.Tests.Topics;

/// <summary>Seed page → store → topic page in the seed's format: every clean related line comes back unchanged.</summary>
public sealed class SeedRoundTripTests
{
    /// <summary>
    /// Lines whose outlet the registry normalises on purpose (slogans and page-title parts dropped, bare domains
    /// mapped, a lost outlet recovered from the headline). Every other related line must round-trip byte for byte.
    /// </summary>
    private static readonly Dictionary<string, string> Normalised = new(StringComparer.Ordinal)
    {
        ["- Iraq Lifts Oil Output by 80,000 bpd Across Three Key Fields - Crude Oil Prices Today | OilPrice.com - July 8th, 2025 [July 8th, 2025]"] =
            "- Iraq Lifts Oil Output by 80,000 bpd Across Three Key Fields - OilPrice.com - July 8th, 2025 [July 8th, 2025]",
        ["- I needed to leave Man United to grow: Zidane Iqbal on identity, Iraq and a new start in Utrecht - thenationalnews.com - July 8th, 2025 [July 8th, 2025]"] =
            "- I needed to leave Man United to grow: Zidane Iqbal on identity, Iraq and a new start in Utrecht - The National - July 8th, 2025 [July 8th, 2025]",
        ["- Turkey gives drought-stricken Iraq more water in boost to PM Sudani - AL-Monitor - July 6th, 2025 [July 6th, 2025]"] =
            "- Turkey gives drought-stricken Iraq more water in boost to PM Sudani - Al-Monitor - July 6th, 2025 [July 6th, 2025]",
        ["- Sadr Links Election Participation to Militia Disarmament in Iraq - kurdistan24.net - July 4th, 2025 [July 4th, 2025]"] =
            "- Sadr Links Election Participation to Militia Disarmament in Iraq - Kurdistan24 - July 4th, 2025 [July 4th, 2025]",
        ["- Refusing the leash: How Iraq shut its skies to Tel Aviv and held the line with Washington - thecradle.co - July 2nd, 2025 [July 2nd, 2025]"] =
            "- Refusing the leash: How Iraq shut its skies to Tel Aviv and held the line with Washington - The Cradle - July 2nd, 2025 [July 2nd, 2025]",
        ["- Turkey to Increase Tigris and Euphrates Water Flow to Iraq Starting Wednesday - kurdistan24.net - July 2nd, 2025 [July 2nd, 2025]"] =
            "- Turkey to Increase Tigris and Euphrates Water Flow to Iraq Starting Wednesday - Kurdistan24 - July 2nd, 2025 [July 2nd, 2025]",
        ["- Turkey approves increased water flow to aid Iraq amid growing crisis - rudaw.net - July 2nd, 2025 [July 2nd, 2025]"] =
            "- Turkey approves increased water flow to aid Iraq amid growing crisis - Rudaw - July 2nd, 2025 [July 2nd, 2025]",
        ["- Woman in Najaf Dies of Hemorrhagic Fever as Iraq's CCHF Cases Continue to Rise - kurdistan24.net - July 2nd, 2025 [July 2nd, 2025]"] =
            "- Woman in Najaf Dies of Hemorrhagic Fever as Iraq's CCHF Cases Continue to Rise - Kurdistan24 - July 2nd, 2025 [July 2nd, 2025]",
        ["- Iraq revives bid to resume oil exports through Turkey - Arabian Gulf Business Insight | AGBI - June 29th, 2025 [June 29th, 2025]"] =
            "- Iraq revives bid to resume oil exports through Turkey - Arabian Gulf Business Insight - June 29th, 2025 [June 29th, 2025]",
        ["- Syrian authorities uncover mass grave near Iraq border - Shafaq News - - June 29th, 2025 [June 29th, 2025]"] =
            "- Syrian authorities uncover mass grave near Iraq border - Shafaq News - June 29th, 2025 [June 29th, 2025]",
        ["- Texas Firm In Talks To Supply Iraq's First LNG Terminal - Crude Oil Prices Today | OilPrice.com - June 28th, 2025 [June 28th, 2025]"] =
            "- Texas Firm In Talks To Supply Iraq's First LNG Terminal - OilPrice.com - June 28th, 2025 [June 28th, 2025]",
        ["- World Bank approves over $1bn for projects in Iraq, Syria and Lebanon - Euronews.com - June 26th, 2025 [June 26th, 2025]"] =
            "- World Bank approves over $1bn for projects in Iraq, Syria and Lebanon - Euronews - June 26th, 2025 [June 26th, 2025]",
        ["- World Bank approves over $1 billion for projects in Lebanon, Syria and Iraq - ABC News - Breaking News, Latest News and Videos - June 26th, 2025 [June 26th, 2025]"] =
            "- World Bank approves over $1 billion for projects in Lebanon, Syria and Iraq - ABC News - June 26th, 2025 [June 26th, 2025]",
        ["- In the Iran-Iraq War, F-5s and MiG-21s Fought to a Standstill - Trench Art | David Axe - June 26th, 2025 [June 26th, 2025]"] =
            "- In the Iran-Iraq War, F-5s and MiG-21s Fought to a Standstill - Trench Art - June 26th, 2025 [June 26th, 2025]",
        ["- World Bank Approves Over $1 Billion for Infrastructure and Reconstruction Projects in Iraq, Syria, and Lebanon - kurdistan24.net - June 26th, 2025 [June 26th, 2025]"] =
            "- World Bank Approves Over $1 Billion for Infrastructure and Reconstruction Projects in Iraq, Syria, and Lebanon - Kurdistan24 - June 26th, 2025 [June 26th, 2025]",
    };

    private static async Task<string> RoundTripAsync()
    {
        var dir = TestPaths.TempDir("roundtrip");
        await using var store = SqliteStore.OpenFolder(dir);
        var outlets = OutletRegistry.CreateDefault();
        var ingestor = new FileIngestor(store, [new SeedPageImporter(outlets, TimeProvider.System)]);
        var report = await ingestor.IngestAsync([TestPaths.SampleSeedPage], CancellationToken.None);
        Assert.Equal(81, report.Articles.Inserted);
        var page = await new TopicPageBuilder(store, TimeProvider.System).BuildAsync("Iraq", "Iraq", 500, CancellationToken.None);
        return SeedPageWriter.Write(page);
    }

    [Fact]
    public async Task Every_clean_related_line_round_trips_unchanged()
    {
        var input = File.ReadAllLines(TestPaths.SampleSeedPage).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        var output = (await RoundTripAsync()).Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(80, input.Count);
        Assert.Equal(input.Count, output.Count);
        var clean = 0;
        for (var i = 0; i < input.Count; i++)
        {
            if (Normalised.TryGetValue(input[i], out var expected))
            {
                Assert.Equal(expected, output[i]);
            }
            else
            {
                Assert.Equal(input[i], output[i]);
                clean++;
            }
        }

        Assert.Equal(80 - Normalised.Count, clean);
    }

    [Fact]
    public async Task Lead_view_post_and_contributors_come_back_in_the_seed_layout()
    {
        var input = File.ReadAllLines(TestPaths.SampleSeedPage);
        var output = (await RoundTripAsync()).Split('\n');
        var viewPost = Array.IndexOf(input, "View post:");
        Assert.Equal(input[..(viewPost + 2)], output[..(viewPost + 2)]);
    }
}
