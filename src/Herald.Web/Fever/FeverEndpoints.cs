using System.Globalization;
using System.Text;
using System.Text.Json;
using Herald.Pipeline;
using Herald.Query;
using Herald.Web.GReader;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Herald.Web.Fever;

/// <summary>
/// The Fever API (Fever 1.14's, API version 3) at <c>/api/fever/?api</c>, for the reader apps that speak only it.
/// Every request POSTs <c>api_key</c> = md5("NAME:PASSWORD") of a reader account (<c>herald user add</c>); read and
/// saved (starred) state is the same per-user state the Google Reader API keeps. Items are originals only: a copy is
/// collapsed into the article it copies, whose html ends "Also reported by: …".
/// <para>
/// Fever gives each item one feed and each feed one group, while a Herald article can match several topics and come
/// from a followed feed. So: every topic is a feed (group "Topics"), every followed feed is a feed (group "Feeds"),
/// and "Other sources" (group "Feeds") holds the rest; an item's feed is the first topic by name that matches it,
/// else the followed feed that brought it, else "Other sources".
/// </para>
/// </summary>
internal static class FeverEndpoints
{
    public const string Path = "/api/fever";
    public const int ApiVersion = 3;

    /// <summary>Items per page, as the spec gives it.</summary>
    public const int PageSize = 50;

    public const long TopicsGroup = 1;
    public const long FeedsGroup = 2;

    /// <summary>The feed of items that come from no followed feed and match no topic.</summary>
    public const long OtherSourcesFeed = 1_000_000_000;

    public static void Map(WebApplication app)
    {
        var handler = (HttpContext http, IArticleStore store, IReaderStore reader, SignInLimiter signIn, TimeProvider clock, CancellationToken ct) => HandleAsync(http, store, reader, signIn, clock, ct);
        // Routing matches "/api/fever/" (the form clients are given) to this too.
        app.MapPost(Path, handler).ExcludeFromDescription().DisableAntiforgery();
        app.MapGet(Path, GetHint).ExcludeFromDescription();
    }

    private static IResult TooManyAttempts(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "60";
        return Results.Text("Too many wrong Fever keys from this address: wait a minute\n", "text/plain", statusCode: StatusCodes.Status429TooManyRequests);
    }

    /// <summary>A GET cannot carry api_key; Fever answers it as unauthenticated, and so does Herald.</summary>
    private static IResult GetHint(HttpContext http) => Json(w => WriteHeader(w, auth: false, null));

    private static async Task<IResult> HandleAsync(HttpContext http, IArticleStore store, IReaderStore reader, SignInLimiter signIn, TimeProvider clock, CancellationToken ct)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
        string? Arg(string name) =>
            form is not null && form.TryGetValue(name, out var f) && f.Count > 0 ? f[0] : http.Request.Query.TryGetValue(name, out var q) && q.Count > 0 ? q[0] : null;
        bool Has(string name) => http.Request.Query.ContainsKey(name) || (form?.ContainsKey(name) ?? false);

        if (!http.Request.Query.ContainsKey("api"))
        {
            return Results.Text("Fever API: POST to /api/fever/?api with api_key=md5(NAME:PASSWORD)\n", "text/plain", statusCode: 400);
        }

        if (string.Equals(http.Request.Query["api"].ToString(), "xml", StringComparison.OrdinalIgnoreCase))
        {
            // Fever's XML form is left out on purpose: every Fever client in use asks for JSON, and the XML one would be a
            // second serialiser of every answer to keep equal. A client that asks for it learns why in one line.
            return Results.Text("api=xml: Herald's Fever API answers in JSON only (send ?api)\n", "text/plain", statusCode: 400);
        }

        // A Fever client sends its key with every request, so only wrong keys spend the address's sign-in budget (the
        // one ClientLogin and the browser login spend too); once it is spent, no key is even compared this minute.
        if (!signIn.HasBudget(http))
        {
            return TooManyAttempts(http);
        }

        var key = form is not null && form.TryGetValue("api_key", out var k) ? k.ToString() : null;
        if (string.IsNullOrWhiteSpace(key) || key.Length > 64
            || await reader.GetUserByTokenAsync(ReaderPasswords.FeverTokenHash(key), ct) is not { } user)
        {
            return signIn.TrySpend(http) ? Json(w => WriteHeader(w, auth: false, null)) : TooManyAttempts(http);
        }

        var map = await FeedMap.LoadAsync(store, reader, ct);
        if (Arg("mark") is { } mark)
        {
            if (await MarkAsync(mark, Arg("as"), Arg("id"), Arg("before"), user, map, reader, clock, ct) is { } error)
            {
                return Results.Text(error + "\n", "text/plain", statusCode: 400);
            }
        }

        var (_, newest) = await reader.CountItemsAsync(ReaderStream.ReadingList, ct);
        var output = new List<Action<Utf8JsonWriter>>();
        if (Has("groups") || Has("feeds"))
        {
            var feedsGroups = map.FeedsGroups();
            if (Has("groups"))
            {
                output.Add(w =>
                {
                    w.WriteStartArray("groups");
                    WriteGroup(w, TopicsGroup, "Topics");
                    WriteGroup(w, FeedsGroup, "Feeds");
                    w.WriteEndArray();
                });
            }

            if (Has("feeds"))
            {
                var updated = new Dictionary<long, long>();
                foreach (var f in map.Feeds)
                {
                    var (_, last) = f.Stream is { } s ? await reader.CountItemsAsync(s, ct) : (0, newest);
                    updated[f.Id] = last?.ToUnixTimeSeconds() ?? 0;
                }

                output.Add(w =>
                {
                    w.WriteStartArray("feeds");
                    foreach (var f in map.Feeds)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("id", f.Id);
                        w.WriteNumber("favicon_id", 0);
                        w.WriteString("title", f.Title);
                        w.WriteString("url", f.Url);
                        w.WriteString("site_url", f.SiteUrl);
                        w.WriteNumber("is_spark", 0);
                        w.WriteNumber("last_updated_on_time", updated[f.Id]);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
            }

            output.Add(w =>
            {
                w.WriteStartArray("feeds_groups");
                foreach (var (group, feeds) in feedsGroups)
                {
                    w.WriteStartObject();
                    w.WriteNumber("group_id", group);
                    w.WriteString("feed_ids", string.Join(',', feeds.Select(i => i.ToString(CultureInfo.InvariantCulture))));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }

        if (Has("favicons"))
        {
            // Herald keeps no feed icons; an empty list is a valid answer and clients fall back to their own.
            output.Add(w =>
            {
                w.WriteStartArray("favicons");
                w.WriteEndArray();
            });
        }

        if (Has("links"))
        {
            // Fever's "hot links" ranked links shared across feeds; Herald's equivalent is its stories, not offered here.
            output.Add(w =>
            {
                w.WriteStartArray("links");
                w.WriteEndArray();
            });
        }

        if (Has("items"))
        {
            if (await ItemsAsync(Arg("since_id"), Arg("max_id"), Arg("with_ids"), user, reader, ct) is not { } items)
            {
                return Results.Text("since_id, max_id, with_ids: not item ids (numbers; with_ids takes at most 50, comma-separated)\n", "text/plain", statusCode: 400);
            }

            var feedOf = await map.FeedOfAsync(items.Select(i => i.Id).ToList(), reader, ct);
            var (total, _) = await reader.CountItemsAsync(ReaderStream.ReadingList, ct);
            output.Add(w =>
            {
                w.WriteNumber("total_items", total);
                w.WriteStartArray("items");
                foreach (var item in items)
                {
                    var a = item.Article;
                    w.WriteStartObject();
                    w.WriteNumber("id", item.Id);
                    w.WriteNumber("feed_id", feedOf[item.Id]);
                    w.WriteString("title", GReaderOutput.Title(a));
                    w.WriteString("author", a.Authors.Count > 0 ? string.Join(", ", a.Authors) : a.Outlet ?? "");
                    w.WriteString("html", GReaderOutput.ContentHtml(item));
                    w.WriteString("url", GReaderOutput.Link(a) ?? "");
                    w.WriteNumber("is_saved", item.Starred ? 1 : 0);
                    w.WriteNumber("is_read", item.Read ? 1 : 0);
                    w.WriteNumber("created_on_time", (a.Published ?? item.Timestamp).ToUnixTimeSeconds());
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }

        if (Has("unread_item_ids"))
        {
            var ids = await AllIdsAsync(new ReaderQuery(user.Id, ReaderStream.ReadingList, 10_000, ExcludeRead: true, OldestFirst: true), reader, ct);
            output.Add(w => w.WriteString("unread_item_ids", Joined(ids)));
        }

        if (Has("saved_item_ids"))
        {
            var ids = await AllIdsAsync(new ReaderQuery(user.Id, new ReaderStream(ReaderStreamKind.Starred), 10_000, OldestFirst: true), reader, ct);
            output.Add(w => w.WriteString("saved_item_ids", Joined(ids)));
        }

        return Json(w =>
        {
            w.WriteStartObject();
            WriteHeader(w, auth: true, newest);
            foreach (var write in output)
            {
                write(w);
            }

            w.WriteEndObject();
        }, wrapped: false);
    }

    private static async Task<IReadOnlyList<ReaderItem>?> ItemsAsync(string? sinceId, string? maxId, string? withIds, ReaderUser user, IReaderStore reader, CancellationToken ct)
    {
        if (withIds is not null)
        {
            var ids = new List<long>();
            foreach (var part in withIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || ids.Count == PageSize)
                {
                    return null;
                }

                ids.Add(id);
            }

            return await reader.GetItemsAsync(user.Id, ids, ct);
        }

        long? Parse(string? raw) => raw is null ? null : long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;
        var since = Parse(sinceId);
        var max = Parse(maxId);
        if (since < 0 || max < 0)
        {
            return null;
        }

        // since_id pages forward (oldest first, ids above it); max_id pages back (newest first, ids below it; 0 is
        // "from the newest"); with neither the first page from the oldest, as Fever gave it.
        var query = max is { } m
            ? new ReaderQuery(user.Id, ReaderStream.ReadingList, PageSize, OldestFirst: false, After: m == 0 ? null : m)
            : new ReaderQuery(user.Id, ReaderStream.ReadingList, PageSize, OldestFirst: true, After: since);
        var page = await reader.ListItemsAsync(query, ct);
        return await reader.GetItemsAsync(user.Id, page.Items.Select(i => i.Id).ToList(), ct);
    }

    /// <summary>Applies a write; an error message when the request names no known action.</summary>
    private static async Task<string?> MarkAsync(string mark, string? @as, string? rawId, string? rawBefore, ReaderUser user, FeedMap map, IReaderStore reader, TimeProvider clock, CancellationToken ct)
    {
        if (!long.TryParse(rawId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
        {
            return $"id={rawId}: not an id";
        }

        var now = clock.GetUtcNow();
        if (mark == "item")
        {
            var (flag, on) = @as switch
            {
                "read" => (ReaderFlag.Read, true),
                "unread" => (ReaderFlag.Read, false),
                "saved" => (ReaderFlag.Starred, true),
                "unsaved" => (ReaderFlag.Starred, false),
                _ => ((ReaderFlag?)null, false),
            };
            if (flag is not { } f)
            {
                return $"as={@as}: not a mark for an item (read, unread, saved, unsaved)";
            }

            await reader.SetFlagAsync(user.Id, [id], f, on, now, ct);
            return null;
        }

        if (mark is not ("feed" or "group"))
        {
            return $"mark={mark}: not something to mark (item, feed, group)";
        }

        if (@as != "read")
        {
            return $"as={@as}: a {mark} can only be marked read";
        }

        DateTimeOffset? before = null;
        if (rawBefore is { Length: > 0 })
        {
            if (!long.TryParse(rawBefore, NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s > 253_402_300_799)
            {
                return $"before={rawBefore}: not a time in seconds since 1970";
            }

            before = DateTimeOffset.FromUnixTimeSeconds(s);
        }

        IEnumerable<FeverFeed> feeds;
        if (mark == "feed")
        {
            if (map.Feeds.FirstOrDefault(f => f.Id == id) is not { } feed)
            {
                return $"id={id}: no such feed";
            }

            feeds = [feed];
        }
        else if (id is 0 or -1)
        {
            // Group 0 is Fever's "Kindling" (every feed), -1 its "Sparks" (none here): all of the reading list.
            await reader.MarkStreamReadAsync(user.Id, ReaderStream.ReadingList, before, now, ct);
            return null;
        }
        else if (id is TopicsGroup or FeedsGroup)
        {
            feeds = map.Feeds.Where(f => f.Group == id).ToList();
        }
        else
        {
            return $"id={id}: no such group";
        }

        foreach (var feed in feeds)
        {
            if (feed.Stream is { } stream)
            {
                await reader.MarkStreamReadAsync(user.Id, stream, before, now, ct);
            }
            else
            {
                await MarkOtherSourcesReadAsync(user, map, before, now, reader, ct);
            }
        }

        return null;
    }

    /// <summary>"Other sources" is what no topic or followed feed holds: walks the unread items up to the time and
    /// marks those.</summary>
    private static async Task MarkOtherSourcesReadAsync(ReaderUser user, FeedMap map, DateTimeOffset? before, DateTimeOffset now, IReaderStore reader, CancellationToken ct)
    {
        long? after = null;
        while (true)
        {
            var page = await reader.ListItemsAsync(new ReaderQuery(user.Id, ReaderStream.ReadingList, 1_000, ExcludeRead: true, OldestFirst: true, Until: before, After: after), ct);
            var ids = page.Items.Select(i => i.Id).ToList();
            var feedOf = await map.FeedOfAsync(ids, reader, ct);
            var others = ids.Where(i => feedOf[i] == OtherSourcesFeed).ToList();
            if (others.Count > 0)
            {
                await reader.SetFlagAsync(user.Id, others, ReaderFlag.Read, true, now, ct);
            }

            if (page.Continuation is not { } c)
            {
                return;
            }

            after = c;
        }
    }

    private static async Task<List<long>> AllIdsAsync(ReaderQuery query, IReaderStore reader, CancellationToken ct)
    {
        var ids = new List<long>();
        while (true)
        {
            var page = await reader.ListItemsAsync(query, ct);
            ids.AddRange(page.Items.Select(i => i.Id));
            if (page.Continuation is not { } c)
            {
                return ids;
            }

            query = query with { After = c };
        }
    }

    private static string Joined(IEnumerable<long> ids) => string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private static void WriteHeader(Utf8JsonWriter w, bool auth, DateTimeOffset? newest)
    {
        w.WriteNumber("api_version", ApiVersion);
        w.WriteNumber("auth", auth ? 1 : 0);
        if (auth)
        {
            w.WriteNumber("last_refreshed_on_time", newest?.ToUnixTimeSeconds() ?? 0);
        }
    }

    private static void WriteGroup(Utf8JsonWriter w, long id, string title)
    {
        w.WriteStartObject();
        w.WriteNumber("id", id);
        w.WriteString("title", title);
        w.WriteEndObject();
    }

    private static IResult Json(Action<Utf8JsonWriter> write, bool wrapped = true)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            if (wrapped)
            {
                w.WriteStartObject();
            }

            write(w);
            if (wrapped)
            {
                w.WriteEndObject();
            }
        }

        return Results.Bytes(buffer.ToArray(), "application/json; charset=utf-8");
    }
}

/// <summary>A Fever feed: a topic, a followed feed, or "Other sources" (whose <see cref="Stream"/> is null).</summary>
internal sealed record FeverFeed(long Id, long Group, string Title, string Url, string SiteUrl, ReaderStream? Stream);

/// <summary>Herald's topics and followed feeds as Fever feeds, with stable ids.</summary>
internal sealed class FeedMap
{
    private FeedMap(IReadOnlyList<FeverFeed> feeds) => Feeds = feeds;

    public IReadOnlyList<FeverFeed> Feeds { get; }

    public static async Task<FeedMap> LoadAsync(IArticleStore store, IReaderStore reader, CancellationToken ct)
    {
        var feeds = new List<FeverFeed>();
        var used = new HashSet<long>();
        foreach (var t in (await store.ListTopicsAsync(ct)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            TopicQuery query;
            try
            {
                query = TopicQuery.Parse(t.Query);
            }
            catch (Model.HeraldException)
            {
                continue;
            }

            // A topic's id is a hash of its name, so adding or removing another topic never renumbers it; the
            // rare collision takes the next free id.
            var id = FeverEndpoints.OtherSourcesFeed + 1 + (Fnv(t.Name) % 1_000_000_000);
            while (!used.Add(id))
            {
                id++;
            }

            feeds.Add(new FeverFeed(id, FeverEndpoints.TopicsGroup, t.Name, "herald:topic/" + t.Name, "/topics/" + Uri.EscapeDataString(t.Name),
                new ReaderStream(ReaderStreamKind.Topic, Query: query)));
        }

        foreach (var f in await reader.ListFeedsAsync(ct))
        {
            feeds.Add(new FeverFeed(f.Id, FeverEndpoints.FeedsGroup, f.Title ?? f.Url, f.Url,
                Uri.TryCreate(f.Url, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority) + "/" : f.Url,
                new ReaderStream(ReaderStreamKind.Feed, FeedId: f.Id)));
        }

        feeds.Add(new FeverFeed(FeverEndpoints.OtherSourcesFeed, FeverEndpoints.FeedsGroup, "Other sources", "herald:other", "/", null));
        return new FeedMap(feeds);
    }

    public IEnumerable<(long Group, IReadOnlyList<long> Feeds)> FeedsGroups() =>
        Feeds.GroupBy(f => f.Group).OrderBy(g => g.Key).Select(g => (g.Key, (IReadOnlyList<long>)g.Select(f => f.Id).ToList()));

    /// <summary>Each item's feed: the first topic holding it, else the followed feed, else "Other sources".</summary>
    public async Task<Dictionary<long, long>> FeedOfAsync(IReadOnlyList<long> ids, IReaderStore reader, CancellationToken ct)
    {
        var result = new Dictionary<long, long>();
        var open = ids.Distinct().ToList();
        foreach (var feed in Feeds)
        {
            if (open.Count == 0)
            {
                break;
            }

            if (feed.Stream is not { } stream)
            {
                continue;
            }

            foreach (var id in await reader.InStreamAsync(stream, open, ct))
            {
                result[id] = feed.Id;
            }

            open.RemoveAll(result.ContainsKey);
        }

        foreach (var id in open)
        {
            result[id] = FeverEndpoints.OtherSourcesFeed;
        }

        return result;
    }

    private static long Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }
}
