using System.IO.Compression;
using System.Security.Cryptography;
using Herald.Cli.Commands;
using Herald.Model;
using Herald.Publish.Gdelt;
using Herald.Tests.Storage;
using Herald.Web;
using Npgsql;

namespace Herald.Tests.Publish;

/// <summary>
/// `serve` publishes GDELT update files as GDELT's feed does: zipped CSVs per interval, listed with size, MD5 and URL in
/// lastupdate.txt and masterfilelist.txt, served over HTTP; each update holds only what settled since the last one.
/// </summary>
public sealed class GdeltUpdatesTests
{
    private static async Task<string[]> WaitForListAsync(HttpClient client, int lines)
    {
        // Polls until the writer (every 200 ms here) has published; the bound only stops a broken writer hanging the run.
        for (var i = 0; i < 600; i++)
        {
            var r = await client.GetAsync("/gdelt/masterfilelist.txt");
            if (r.IsSuccessStatusCode && (await r.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries) is { } l && l.Length >= lines)
            {
                return l;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no {lines} lines in masterfilelist.txt after 60 s");
    }

    /// <summary>
    /// Polls lastupdate.txt until it names <paramref name="expected"/>: the writer appends to masterfilelist.txt
    /// before it renames the new lastupdate.txt into place, so a reader that has just seen the list grow can still
    /// read the previous update's lastupdate.txt for a moment.
    /// </summary>
    private static async Task<string[]> WaitForLastUpdateAsync(HttpClient client, string[] expected)
    {
        string[] last = [];
        for (var i = 0; i < 600; i++)
        {
            var r = await client.GetAsync("/gdelt/lastupdate.txt");
            if (r.IsSuccessStatusCode)
            {
                last = (await r.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (last.SequenceEqual(expected))
                {
                    break;
                }
            }

            await Task.Delay(100);
        }

        return last;
    }

    /// <summary>Downloads one listed file, checks its size and MD5 against the list, and returns the rows of its one CSV.</summary>
    private static async Task<List<string[]>> FetchAsync(HttpClient client, string listLine, string suffix)
    {
        var parts = listLine.Split(' ');
        Assert.Equal(3, parts.Length);
        var url = new Uri(parts[2]);
        Assert.Equal(client.BaseAddress!.Authority, url.Authority);
        Assert.Matches(@"^/gdelt/\d{14}" + System.Text.RegularExpressions.Regex.Escape(suffix) + "$", url.AbsolutePath);
        var bytes = await client.GetByteArrayAsync(url);
        Assert.Equal(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), bytes.LongLength);
        Assert.Equal(parts[1], Convert.ToHexStringLower(MD5.HashData(bytes)));
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var entry = Assert.Single(zip.Entries);
        Assert.Equal(Path.GetFileName(url.AbsolutePath)[..^4], entry.FullName);
        using var reader = new StreamReader(entry.Open());
        return (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Serve_publishes_each_interval_as_zipped_csvs_listed_with_size_md5_and_url(string kind)
    {
        await using var location = TestStores.Create(kind, "gdelt-serve");
        var data = location.Dir;
        await using (var store = await location.OpenAsync())
        {
            await IngestCommand.IngestAsync(store, [TestPaths.SampleSeedPage], CancellationToken.None);
        }

        await using var app = HeraldWebApp.Build(new WebOptions(
            data, Port: 0, GdeltInterval: TimeSpan.FromMilliseconds(200), Postgres: kind == TestStores.Postgres ? location.StoreUrl : null));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = HeraldWebApp.BaseAddress(app) };

        var first = await WaitForListAsync(client, 3);
        var last = await WaitForLastUpdateAsync(client, first[..3]);
        Assert.Equal(first[..3], last);
        var events = await FetchAsync(client, last[0], ".export.CSV.zip");
        var mentions = await FetchAsync(client, last[1], ".mentions.CSV.zip");
        var gkg = await FetchAsync(client, last[2], ".gkg.csv.zip");
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(61, e.Length));
        Assert.All(mentions, m => Assert.Equal(16, m.Length));
        Assert.NotEmpty(gkg);
        Assert.All(gkg, g => Assert.Equal(27, g.Length));

        // A new annotated article: the next update holds it alone; the first update's files stay listed.
        await using (var store = await location.OpenAsync())
        {
            var a = new Article
            {
                Id = "late-arrival",
                Url = "https://late.example.net/2025/07/10/dam",
                Title = "Engineers inspect the Mosul Dam",
                Outlet = "Late News",
                Published = new DateTimeOffset(2025, 7, 10, 9, 0, 0, TimeSpan.Zero),
                Language = "en",
                Text = "Iraqi engineers inspected the Mosul Dam on Thursday.",
            };
            await store.UpsertAsync([a], CancellationToken.None);
            await store.SaveAnnotationsAsync(a.Id, """{"entities":[],"places":[],"quotes":[],"amounts":[],"dates":[],"events":[],"tone":{"tone":0,"positive":0,"negative":0,"polarity":0,"wordCount":8}}""", CancellationToken.None);
        }

        var all = await WaitForListAsync(client, 6);
        Assert.Equal(first[..3], all[..3]);
        last = await WaitForLastUpdateAsync(client, all[3..6]);
        Assert.Equal(all[3..6], last);
        var late = Assert.Single(await FetchAsync(client, last[2], ".gkg.csv.zip"));
        Assert.Equal("https://late.example.net/2025/07/10/dam", late[4]);
        Assert.Empty(await FetchAsync(client, last[0], ".export.CSV.zip"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/gdelt/.herald-through")).StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(data, "gdelt"), "*.tmp"));
        await app.StopAsync();
    }

    private const string NoAnnotations =
        """{"entities":[],"places":[],"quotes":[],"amounts":[],"dates":[],"events":[],"tone":{"tone":0,"positive":0,"negative":0,"polarity":0,"wordCount":8}}""";

    private static Article Dated(string id, int month) => new()
    {
        Id = id,
        Url = $"https://late.example.net/2025/{month:D2}/{id}",
        Title = "Engineers inspect the Mosul Dam " + id,
        Outlet = "Late News",
        Published = new DateTimeOffset(2025, month, 10, 9, 0, 0, TimeSpan.Zero),
        Language = "en",
        Text = "Iraqi engineers inspected the Mosul Dam on Thursday, " + id + ".",
    };

    /// <summary>The document URLs of an update (its GKG file, one row per document).</summary>
    private static List<string> UrlsOf(string folder, GdeltUpdate update)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(folder, update.Files.Single(f => f.Name.EndsWith(".gkg.csv.zip", StringComparison.Ordinal)).Name));
        using var reader = new StreamReader(Assert.Single(zip.Entries).Open());
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[4]).ToList();
    }

    [SkippableTheory]
    [InlineData(1L)]
    [InlineData(6_000_000_000L)]
    public async Task A_postgres_article_committed_after_a_later_one_comes_in_the_next_update_and_only_there(long firstSeq)
    {
        // Concurrent workers commit sequence numbers out of order: a batch holding a lower seq may commit after a
        // batch holding a higher one was committed and published. Here batch "early" takes its seq, then waits (the
        // test holds a lock on its month's partition, so its COPY cannot go on); batch "late" stores a higher seq
        // and commits; an update is written; then "early" commits. The next update must carry it, and no update may
        // carry a document twice. Sequence numbers past 2^32 as well: the writers' locks keep 32 bits of them.
        await using var location = TestStores.Create(TestStores.Postgres, "gdelt-late-commit");
        var folder = Path.Combine(location.Dir, "gdelt");
        await using var store = await location.OpenAsync();
        await location.ExecuteAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ALTER TABLE article_ids ALTER COLUMN seq RESTART WITH {firstSeq}"));
        var writer = new GdeltUpdateWriter((Herald.Pipeline.IAnnotatedArticleReader)store, folder);
        foreach (var (id, month) in new[] { ("july", 7), ("august", 8) })
        {
            await store.UpsertAsync([Dated(id, month)], CancellationToken.None);
            await store.SaveAnnotationsAsync(id, NoAnnotations, CancellationToken.None);
        }

        await using var holder = await location.ConnectAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockJuly = new NpgsqlCommand("LOCK TABLE articles_p202507 IN SHARE MODE", holder, hold))
        {
            await lockJuly.ExecuteNonQueryAsync();
        }

        var early = store.UpsertAsync([Dated("early", 7)], CancellationToken.None);
        await using (var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'articles_p202507'::regclass", holder, hold))
        {
            for (var i = 0; (long)(await waiting.ExecuteScalarAsync())! == 0; i++)
            {
                Assert.False(early.IsCompleted, "the early batch finished although its partition was locked");
                Assert.True(i < 600, "the early batch never reached its partition");
                await Task.Delay(50);
            }
        }

        await store.UpsertAsync([Dated("late", 8)], CancellationToken.None);
        await store.SaveAnnotationsAsync("late", NoAnnotations, CancellationToken.None);
        var first = await writer.WriteNextAsync(new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero), "http://127.0.0.1/gdelt/", CancellationToken.None);

        await hold.CommitAsync();
        await early;
        await store.SaveAnnotationsAsync("early", NoAnnotations, CancellationToken.None);
        var second = await writer.WriteNextAsync(new DateTimeOffset(2025, 9, 1, 0, 15, 0, TimeSpan.Zero), "http://127.0.0.1/gdelt/", CancellationToken.None);

        var published = new List<string>();
        foreach (var u in new[] { first, second })
        {
            if (u is not null)
            {
                published.AddRange(UrlsOf(folder, u));
            }
        }

        Assert.NotNull(second);
        Assert.True(second.AfterSeq >= firstSeq, $"the second update starts at seq {second.AfterSeq}, before the store's first");
        Assert.Contains(Dated("early", 7).Url, UrlsOf(folder, second));
        Assert.Equal(
            new[] { "july", "august", "early", "late" }.Select(id => Dated(id, id is "july" or "early" ? 7 : 8).Url).Order(StringComparer.Ordinal),
            published.Order(StringComparer.Ordinal));
    }
}
