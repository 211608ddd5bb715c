using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Rules;

namespace Herald.Tests.Storage;

/// <summary>
/// The reader-account contract (<see cref="IReaderStore"/>), run on every store kind: accounts and tokens, streams
/// that list originals only (a copy brings its original in), per-user read and starred flags, and what rules do to
/// streams (a drop hides an item from every stream but starred and read, a tag shows on the item, a star rule stars
/// for every account).
/// </summary>
public sealed class ReaderStoreTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2025, 7, 10, 12, 0, 0, TimeSpan.Zero);

    private static ReaderQuery Query(long user, ReaderStream stream, int limit = 50, bool excludeRead = false, bool oldestFirst = false, long? after = null) =>
        new(user, stream, limit, excludeRead, oldestFirst, After: after);

    private static async Task<List<long>> IdsAsync(IReaderStore store, ReaderQuery query) =>
        (await store.ListItemsAsync(query, Ct)).Items.Select(i => i.Id).ToList();

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Removing_a_user_drops_its_tokens_and_state_and_names_are_unique_without_case(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind, "reader-users");
        var store = (IReaderStore)owned.Store;
        await owned.Store.UpsertAsync([new Article { Id = "a1", Url = "https://example.com/1", Title = "One", Outlet = "Example" }], Ct);
        var seq = (await store.ListItemsAsync(new ReaderQuery(0, ReaderStream.ReadingList, 10), Ct)).Items.Single().Id;

        var user = (await store.AddUserAsync("Alice", "hash", Now, Ct))!;
        Assert.Equal(("Alice", "hash", Now), (user.Name, user.PasswordHash, user.Created));
        Assert.Null(await store.AddUserAsync("alice", "other", Now, Ct));
        Assert.Equal(user, await store.GetUserAsync("ALICE", Ct));
        Assert.Null(await store.GetUserAsync("bob", Ct));
        var bob = (await store.AddUserAsync("bob", "hash-b", Now, Ct))!;
        Assert.NotEqual(user.Id, bob.Id);
        Assert.Equal(["Alice", "bob"], (await store.ListUsersAsync(Ct)).Select(u => u.Name));

        await store.AddTokenAsync(user.Id, "token-hash", Now, Ct);
        await store.AddTokenAsync(user.Id, "token-hash", Now, Ct);
        await store.AddTokenAsync(bob.Id, "token-bob", Now, Ct);
        Assert.Equal("Alice", (await store.GetUserByTokenAsync("token-hash", Ct))?.Name);
        Assert.Null(await store.GetUserByTokenAsync("no-such-token", Ct));
        Assert.Equal(1, await store.SetFlagAsync(user.Id, [seq, 999_999], ReaderFlag.Starred, true, Now, Ct));
        Assert.Equal(0, await store.SetFlagAsync(user.Id, [999_999], ReaderFlag.Starred, true, Now, Ct));
        Assert.Single((await store.ListItemsAsync(new ReaderQuery(user.Id, new ReaderStream(ReaderStreamKind.Starred), 10), Ct)).Items);

        Assert.True(await store.RemoveUserAsync("ALICE", Ct));
        Assert.False(await store.RemoveUserAsync("alice", Ct));
        Assert.Null(await store.GetUserByTokenAsync("token-hash", Ct));
        Assert.Equal("bob", (await store.GetUserByTokenAsync("token-bob", Ct))?.Name);
        var again = (await store.AddUserAsync("alice", "hash", Now, Ct))!;
        Assert.Empty((await store.ListItemsAsync(new ReaderQuery(again.Id, new ReaderStream(ReaderStreamKind.Starred), 10), Ct)).Items);
        Assert.Empty(await store.ListFeedsAsync(Ct));
        Assert.Empty((await store.ListItemsAsync(new ReaderQuery(again.Id, new ReaderStream(ReaderStreamKind.Feed, FeedId: 1), 10), Ct)).Items);
        Assert.Equal((0, null), await store.CountItemsAsync(new ReaderStream(ReaderStreamKind.Feed, FeedId: 1), Ct));
    }

    private static Article Report(string id, string title, string outlet, string? duplicateOf = null, int hour = 0) => new()
    {
        Id = id, Url = "https://news.example.org/" + id, Title = title, Outlet = outlet, Language = "en",
        Text = title + ". Reporters said more on the matter later in the day.", Published = Now.AddHours(hour), DuplicateOf = duplicateOf,
    };

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Streams_list_originals_with_per_user_state_and_rules_drop_tag_and_star(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind, "reader-streams");
        var articles = owned.Store;
        var store = (IReaderStore)articles;
        var rules = (IRuleStore)articles;
        await articles.UpsertAsync(
        [
            Report("dam", "Engineers warn the Mosul Dam needs repairs", "Reuters", hour: 1),
            Report("dam-copy-1", "Engineers warn the Mosul Dam needs repairs", "Yahoo News", "dam", 2),
            Report("dam-copy-2", "Engineers warn the Mosul Dam needs repairs", "MSN", "dam", 3),
            Report("market", "Basra market reopens after floods", "Al Jazeera", hour: 4),
            Report("spam", "Sponsored: the best dam tours of the year", "Promo Wire", hour: 5),
        ], Ct);

        // Item ids are store sequence numbers: find each article's.
        var latest = await rules.LatestSeqAsync(Ct);
        var all = Enumerable.Range(1, (int)latest).Select(i => (long)i).ToList();
        var stored = await rules.GetArticlesBySeqAsync(all, Ct);
        Assert.Equal(5, stored.Count);
        var seq = stored.Select((a, i) => (a.Id, Seq: all[i])).ToDictionary(p => p.Id, p => p.Seq);

        var alice = (await store.AddUserAsync("alice", "h", Now, Ct))!;
        var bob = (await store.AddUserAsync("bob", "h", Now, Ct))!;

        // The reading list: originals only, newest first, in pages.
        var reading = ReaderStream.ReadingList;
        Assert.Equal([seq["spam"], seq["market"], seq["dam"]], await IdsAsync(store, Query(alice.Id, reading)));
        Assert.Equal([seq["dam"], seq["market"], seq["spam"]], await IdsAsync(store, Query(alice.Id, reading, oldestFirst: true)));
        var first = await store.ListItemsAsync(Query(alice.Id, reading, limit: 2), Ct);
        Assert.Equal([seq["spam"], seq["market"]], first.Items.Select(i => i.Id));
        Assert.Equal(seq["market"], first.Continuation);
        var second = await store.ListItemsAsync(Query(alice.Id, reading, limit: 2, after: first.Continuation), Ct);
        Assert.Equal([seq["dam"]], second.Items.Select(i => i.Id));
        Assert.Null(second.Continuation);
        Assert.Equal(3, (await store.CountItemsAsync(reading, Ct)).Count);

        // A copy's id gives its original, with the copies' outlets.
        var item = Assert.Single(await store.GetItemsAsync(alice.Id, [seq["dam-copy-2"], seq["dam"], 999_999], Ct));
        Assert.Equal((seq["dam"], "dam", false, false), (item.Id, item.Article.Id, item.Read, item.Starred));
        Assert.Equal(["Yahoo News", "MSN"], item.AlsoReportedBy);
        Assert.Equal(Ms(item.Article.FirstSeen!.Value), Ms(item.Timestamp));
        Assert.Equal([seq["market"], seq["dam"]], (await store.GetItemsAsync(alice.Id, [seq["market"], seq["dam-copy-1"]], Ct)).Select(i => i.Id));

        // Flags are per user and land on the original.
        Assert.Equal(1, await store.SetFlagAsync(alice.Id, [seq["dam-copy-1"], seq["dam-copy-2"]], ReaderFlag.Starred, true, Now, Ct));
        Assert.Equal(1, await store.SetFlagAsync(alice.Id, [seq["market"]], ReaderFlag.Read, true, Now, Ct));
        Assert.Equal([seq["dam"]], await IdsAsync(store, Query(alice.Id, new ReaderStream(ReaderStreamKind.Starred))));
        Assert.Empty(await IdsAsync(store, Query(bob.Id, new ReaderStream(ReaderStreamKind.Starred))));
        Assert.Equal([seq["market"]], await IdsAsync(store, Query(alice.Id, new ReaderStream(ReaderStreamKind.Read))));
        Assert.Equal([seq["spam"], seq["dam"]], await IdsAsync(store, Query(alice.Id, reading, excludeRead: true)));
        Assert.Equal(2, (await store.CountUnreadAsync(alice.Id, reading, Ct)).Count);
        Assert.Equal(3, (await store.CountUnreadAsync(bob.Id, reading, Ct)).Count);
        var states = (await store.GetItemsAsync(alice.Id, [seq["dam"], seq["market"], seq["spam"]], Ct)).Select(i => (i.Read, i.Starred));
        Assert.Equal([(false, true), (true, false), (false, false)], states);
        Assert.Equal(1, await store.SetFlagAsync(alice.Id, [seq["market"]], ReaderFlag.Read, false, Now, Ct));
        Assert.Equal(3, (await store.CountUnreadAsync(alice.Id, reading, Ct)).Count);

        // A topic stream: copies that match bring their original in; InStream answers in the order asked.
        var topic = new ReaderStream(ReaderStreamKind.Topic, Query: TopicQuery.Parse("Mosul"));
        Assert.Equal([seq["dam"]], await IdsAsync(store, Query(alice.Id, topic)));
        Assert.Equal([seq["spam"], seq["dam"]], await store.InStreamAsync(reading, [seq["spam"], seq["dam-copy-1"], seq["dam"]], Ct));
        Assert.Equal([seq["dam"]], await store.InStreamAsync(topic, [seq["market"], seq["dam"]], Ct));

        // A feed whose polls stored a copy lists its original.
        var (sources, owner) = await owned.Location.OpenSourcesAsync();
        await using (owner)
        {
            var (feed, _) = await sources.AddAsync("https://feeds.example.org/world.xml", "World desk", Now, Ct);
            await sources.RecordKeysAsync([("hash:" + feed.Key + "|h1", "dam-copy-1"), ("hash:" + feed.Key + "|h2", "market")], Ct);
            var listed = Assert.Single(await store.ListFeedsAsync(Ct));
            Assert.Equal((feed.Id, "https://feeds.example.org/world.xml", "World desk"), (listed.Id, listed.Url, listed.Title));
            var stream = new ReaderStream(ReaderStreamKind.Feed, feed.Id);
            Assert.Equal([seq["market"], seq["dam"]], await IdsAsync(store, Query(bob.Id, stream)));
            Assert.Equal(2, (await store.CountItemsAsync(stream, Ct)).Count);
            Assert.Empty(await IdsAsync(store, Query(bob.Id, new ReaderStream(ReaderStreamKind.Feed, feed.Id + 1))));

            // Marking a stream read marks its items only, up to the time given.
            Assert.Equal(0, await store.MarkStreamReadAsync(bob.Id, stream, Now.AddYears(-30), Now, Ct));
            Assert.Equal(2, await store.MarkStreamReadAsync(bob.Id, stream, null, Now, Ct));
            Assert.Equal(0, await store.MarkStreamReadAsync(bob.Id, stream, null, Now, Ct));
            Assert.Equal([seq["spam"]], await IdsAsync(store, Query(bob.Id, reading, excludeRead: true)));
        }

        // Rules: a dropped item leaves every stream but starred and read; a tag shows on the item.
        var drop = await rules.AddRuleAsync(RuleAction.Drop, "Sponsored", null, [], Now, Ct);
        var tag = await rules.AddRuleAsync(RuleAction.Tag, "Basra", "floods", [], Now, Ct);
        var applier = new RuleApplier(rules, store, TimeProvider.System);
        Assert.Equal(new RuleRun(1, 0, 0), await applier.RerunAsync(drop, Ct));
        Assert.Equal(new RuleRun(0, 1, 0), await applier.RerunAsync(tag, Ct));
        Assert.Equal(1, await store.SetFlagAsync(alice.Id, [seq["spam"]], ReaderFlag.Starred, true, Now, Ct));
        Assert.Equal([seq["market"], seq["dam"]], await IdsAsync(store, Query(alice.Id, reading)));
        Assert.Equal(2, (await store.CountItemsAsync(reading, Ct)).Count);
        Assert.Empty(await store.InStreamAsync(reading, [seq["spam"]], Ct));
        Assert.Equal([seq["spam"], seq["dam"]], await IdsAsync(store, Query(alice.Id, new ReaderStream(ReaderStreamKind.Starred))));
        Assert.Equal(["floods"], Assert.Single(await store.GetItemsAsync(alice.Id, [seq["market"]], Ct)).Tags);
        Assert.Equal(2, await store.MarkStreamReadAsync(alice.Id, reading, null, Now, Ct));
        Assert.Equal([seq["market"], seq["dam"]], await IdsAsync(store, Query(alice.Id, new ReaderStream(ReaderStreamKind.Read))));

        // A star rule stars its matches for every account, once: an item a reader unstarred stays unstarred.
        var star = await rules.AddRuleAsync(RuleAction.Star, "Basra", null, [], Now, Ct);
        Assert.Equal(new RuleRun(0, 0, 1), await applier.RerunAsync(star, Ct));
        Assert.Equal([seq["market"]], await IdsAsync(store, Query(bob.Id, new ReaderStream(ReaderStreamKind.Starred))));
        Assert.Equal([seq["spam"], seq["market"], seq["dam"]], await IdsAsync(store, Query(alice.Id, new ReaderStream(ReaderStreamKind.Starred))));
        Assert.Equal(1, await store.SetFlagAsync(bob.Id, [seq["market"]], ReaderFlag.Starred, false, Now, Ct));
        Assert.True((await applier.RerunAsync(star, Ct)).Empty);
        Assert.Empty(await IdsAsync(store, Query(bob.Id, new ReaderStream(ReaderStreamKind.Starred))));
    }

    private static DateTimeOffset Ms(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    [SkippableFact]
    public async Task Item_ids_past_32_bits_round_trip_on_postgres()
    {
        await using var location = TestStores.Create(TestStores.Postgres, "reader-ids");
        await using (var first = await location.OpenAsync())
        {
            await location.ExecuteAsync("ALTER TABLE article_ids ALTER COLUMN seq RESTART WITH 5000000000");
        }

        await using var store = await location.OpenAsync();
        var reader = (IReaderStore)store;
        await store.UpsertAsync([Report("big", "Mosul Dam repairs begin", "Reuters"), Report("big-copy", "Mosul Dam repairs begin", "MSN", "big")], Ct);
        var user = (await reader.AddUserAsync("alice", "h", Now, Ct))!;
        var ids = await IdsAsync(reader, Query(user.Id, ReaderStream.ReadingList));
        Assert.Equal([5_000_000_000L], ids);
        Assert.Equal(1, await reader.SetFlagAsync(user.Id, [5_000_000_001L], ReaderFlag.Starred, true, Now, Ct));
        var item = Assert.Single(await reader.GetItemsAsync(user.Id, [5_000_000_001L], Ct));
        Assert.Equal((5_000_000_000L, true, "big"), (item.Id, item.Starred, item.Article.Id));
    }

    /// <summary>
    /// Fever's since_id and Google Reader's continuations page on from the highest id a client saw. Concurrent writers
    /// commit ids out of order on PostgreSQL: batch "early" takes its id, then waits (the test locks its month's
    /// partition); batch "late" takes a higher id and commits. Listing "late" then would let a client page past
    /// "early" for good, so it is listed only once "early" is settled, and a client paging from what it saw gets both.
    /// </summary>
    [SkippableFact]
    public async Task A_stream_read_after_an_id_never_pages_past_a_batch_that_commits_late_on_postgres()
    {
        await using var location = TestStores.Create(TestStores.Postgres, "reader-late-commit");
        await using var store = await location.OpenAsync();
        var reader = (IReaderStore)store;
        Article Dated(string id, int month) => Report(id, "Engineers inspect the Mosul Dam " + id, "Late News") with
        {
            Published = new DateTimeOffset(2025, month, 10, 9, 0, 0, TimeSpan.Zero),
        };

        await store.UpsertAsync([Dated("july", 7), Dated("august", 8)], Ct);
        var user = (await reader.AddUserAsync("alice", "h", Now, Ct))!;
        var seen = await IdsAsync(reader, Query(user.Id, ReaderStream.ReadingList, oldestFirst: true));
        Assert.Equal(2, seen.Count);

        await using var holder = await location.ConnectAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockJuly = new Npgsql.NpgsqlCommand("LOCK TABLE articles_p202507 IN SHARE MODE", holder, hold))
        {
            await lockJuly.ExecuteNonQueryAsync();
        }

        var early = store.UpsertAsync([Dated("early", 7)], Ct);
        await using (var waiting = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'articles_p202507'::regclass", holder, hold))
        {
            for (var i = 0; (long)(await waiting.ExecuteScalarAsync())! == 0; i++)
            {
                Assert.False(early.IsCompleted, "the early batch finished although its partition was locked");
                Assert.True(i < 600, "the early batch never reached its partition");
                await Task.Delay(50);
            }
        }

        await store.UpsertAsync([Dated("late", 8)], Ct);
        // The client asks for what came after the last id it saw: nothing yet, since "early" is still in flight.
        var whileInFlight = await IdsAsync(reader, Query(user.Id, ReaderStream.ReadingList, oldestFirst: true, after: seen[^1]));
        Assert.Empty(whileInFlight);

        await hold.CommitAsync();
        await early;
        var after = await reader.GetItemsAsync(user.Id, await IdsAsync(reader, Query(user.Id, ReaderStream.ReadingList, oldestFirst: true, after: seen[^1])), Ct);
        Assert.Equal(["early", "late"], after.Select(i => i.Article.Id));
    }
}
