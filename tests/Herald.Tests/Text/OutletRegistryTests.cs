using Herald.Text;

namespace Herald.Tests.Text;

public sealed class OutletRegistryTests
{
    [Theory]
    [InlineData("ABC News - Breaking News, Latest News and Videos", "ABC News")]
    [InlineData("Crude Oil Prices Today | OilPrice.com", "OilPrice.com")]
    [InlineData("kurdistan24.net", "Kurdistan24")]
    [InlineData("www.theguardian.com", "The Guardian")]
    [InlineData("Guardian", "The Guardian")]
    [InlineData("USA Today", "USA Today")]
    [InlineData("The Dispatch", "The Dispatch")]
    public void Normalises_the_ways_listings_write_an_outlet(string raw, string expected) =>
        Assert.Equal(expected, OutletRegistry.CreateDefault().Normalize(raw)!.Name);

    [Fact]
    public void Learns_an_unknown_outlet_so_its_other_spellings_map_to_it()
    {
        var registry = OutletRegistry.CreateDefault();
        var first = registry.Normalize("Union Leader")!;
        Assert.Same(first, registry.Normalize("UnionLeader.com"));
        Assert.Same(first, registry.Normalize("unionleader.com - Breaking News"));
        Assert.Equal("Union Leader", first.Name);
    }

    [Fact]
    public void Maps_a_url_host_to_its_outlet()
    {
        var registry = OutletRegistry.CreateDefault();
        Assert.Equal("CNN", registry.FromUrl("https://edition.cnn.com/2017/04/02/middleeast/russia-us-mosul/index.html")!.Name);
        Assert.Null(registry.FromUrl("https://example.org/x"));
    }

    [Theory]
    [InlineData("Shafaq News", true)]
    [InlineData("rudaw.net", true)]
    [InlineData("it echoes Bushs invasion of Iraq", false)]
    [InlineData("Face of Defense: Twins Serve Together in Iraq", false)]
    public void Recognises_outlet_like_headline_tails(string tail, bool expected) =>
        Assert.Equal(expected, OutletRegistry.CreateDefault().LooksLikeOutlet(tail));

    [Fact]
    public void Treats_an_empty_name_as_unknown() => Assert.Null(OutletRegistry.CreateDefault().Normalize("  "));

    [Fact]
    public async Task Learned_outlets_survive_a_restart_through_the_store()
    {
        await using var store = Herald.Storage.Sqlite.SqliteStore.OpenFolder(TestPaths.TempDir("outlets"));
        var first = OutletRegistry.CreateDefault();
        Assert.Equal("Union Leader", first.Normalize("Union Leader")!.Name);
        await store.SaveOutletsAsync(first.Learned, CancellationToken.None);

        var second = OutletRegistry.CreateDefault();
        second.Load(await store.LoadOutletsAsync(CancellationToken.None));
        Assert.Equal("Union Leader", second.Normalize("UnionLeader.com")!.Name);
        Assert.Empty(second.Learned);
    }
}
