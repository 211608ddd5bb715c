using Herald.Model;
using Herald.Pipeline;
using Herald.Storage.Sqlite;

namespace Herald.Tests.Storage;

public sealed class ReaderStoreTests
{
    [Fact]
    public async Task Removing_a_user_drops_its_tokens_and_state_and_names_are_unique_without_case()
    {
        var ct = CancellationToken.None;
        await using var store = SqliteStore.OpenFolder(TestPaths.TempDir("reader-store"));
        await store.UpsertAsync([new Article { Id = "a1", Url = "https://example.com/1", Title = "One", Outlet = "Example" }], ct);
        var seq = (await store.ListItemsAsync(new ReaderQuery(0, ReaderStream.ReadingList, 10), ct)).Items.Single().Id;

        var user = (await store.AddUserAsync("Alice", "hash", DateTimeOffset.UtcNow, ct))!;
        Assert.Null(await store.AddUserAsync("alice", "other", DateTimeOffset.UtcNow, ct));
        await store.AddTokenAsync(user.Id, "token-hash", DateTimeOffset.UtcNow, ct);
        Assert.Equal("Alice", (await store.GetUserByTokenAsync("token-hash", ct))?.Name);
        Assert.Equal(1, await store.SetFlagAsync(user.Id, [seq, 999_999], ReaderFlag.Starred, true, DateTimeOffset.UtcNow, ct));
        Assert.Single((await store.ListItemsAsync(new ReaderQuery(user.Id, new ReaderStream(ReaderStreamKind.Starred), 10), ct)).Items);

        Assert.True(await store.RemoveUserAsync("ALICE", ct));
        Assert.False(await store.RemoveUserAsync("alice", ct));
        Assert.Null(await store.GetUserByTokenAsync("token-hash", ct));
        var again = (await store.AddUserAsync("alice", "hash", DateTimeOffset.UtcNow, ct))!;
        Assert.Empty((await store.ListItemsAsync(new ReaderQuery(again.Id, new ReaderStream(ReaderStreamKind.Starred), 10), ct)).Items);
        Assert.Empty(await store.ListFeedsAsync(ct));
        Assert.Empty((await store.ListItemsAsync(new ReaderQuery(again.Id, new ReaderStream(ReaderStreamKind.Feed, FeedId: 1), 10), ct)).Items);
    }
}
