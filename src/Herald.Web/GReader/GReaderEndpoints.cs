using System.Globalization;
using System.Text;
using System.Text.Json;
using Herald.Pipeline;
using Herald.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Herald.Web.GReader;

/// <summary>
/// The Google Reader API (the protocol FreshRSS and Miniflux serve, and NetNewsWire, Reeder, ReadYou, FeedMe and
/// newsboat speak) under /api/greader. Subscriptions are Herald's followed feeds and its topics; topics are labels
/// too. Streams list originals only: copies of an article are collapsed into it, and its content ends with
/// "Also reported by: …". Read and starred state belongs to the signed-in user (`herald user add NAME`).
/// </summary>
internal static class GReaderEndpoints
{
    public const string Prefix = "/api/greader";
    private static readonly string[] GetPost = [HttpMethods.Get, HttpMethods.Post];

    public static void Map(WebApplication app)
    {
        var g = app.MapGroup(Prefix).ExcludeFromDescription();

        g.MapMethods("/accounts/ClientLogin", GetPost, async (HttpContext http, IReaderStore reader, TimeProvider clock, CancellationToken ct) =>
        {
            var p = await ParamsAsync(http.Request, ct);
            if (await GReaderAuth.SignInAsync(p.One("Email"), p.One("Passwd"), reader, ct) is not { } user)
            {
                return Results.Text("Error=BadAuthentication\n", "text/plain", statusCode: 401);
            }

            // Users added before the Fever API get its key at their next sign-in, while the password is at hand.
            await reader.AddTokenAsync(user.Id, ReaderPasswords.FeverTokenHash(ReaderPasswords.FeverKey(user.Name, p.One("Passwd")!)), clock.GetUtcNow(), ct);
            var token = user.Name + "/" + ReaderPasswords.NewToken();
            await reader.AddTokenAsync(user.Id, ReaderPasswords.TokenHash(token), clock.GetUtcNow(), ct);
            return Results.Text($"SID={token}\nLSID=null\nAuth={token}\n", "text/plain");
        }).RequireRateLimiting(WebSecurity.SignInPolicy);

        g.MapGet("/reader/api/0/token", (HttpContext http, IReaderStore reader, CancellationToken ct) =>
            SignedIn(http, reader, ct, user => Task.FromResult(Results.Text(GReaderAuth.EditToken(GReaderAuth.TokenOf(http.Request)!), "text/plain"))));

        g.MapGet("/reader/api/0/user-info", (HttpContext http, IReaderStore reader, CancellationToken ct) =>
            SignedIn(http, reader, ct, user => Task.FromResult(Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("userId", user.Id.ToString(CultureInfo.InvariantCulture));
                w.WriteString("userName", user.Name);
                w.WriteString("userProfileId", user.Id.ToString(CultureInfo.InvariantCulture));
                w.WriteString("userEmail", user.Name);
                w.WriteEndObject();
            }))));

        g.MapGet("/reader/api/0/subscription/list", (HttpContext http, IArticleStore store, IReaderStore reader, CancellationToken ct) =>
            SignedIn(http, reader, ct, async user =>
            {
                var feeds = await reader.ListFeedsAsync(ct);
                var topics = await store.ListTopicsAsync(ct);
                var site = BaseUrl(http.Request);
                return Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("subscriptions");
                    foreach (var f in feeds)
                    {
                        WriteSubscription(w, GReaderIds.FeedId(f), f.Title ?? f.Url, f.Url, SiteOf(f.Url), null);
                    }

                    foreach (var t in topics)
                    {
                        WriteSubscription(w, GReaderIds.TopicFeedId(site, t.Name), t.Name, GReaderIds.TopicFeedUrl(site, t.Name),
                            site + "/topics/" + Uri.EscapeDataString(t.Name), t.Name);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }));

        g.MapGet("/reader/api/0/tag/list", (HttpContext http, IArticleStore store, IReaderStore reader, CancellationToken ct) =>
            SignedIn(http, reader, ct, async user =>
            {
                var topics = await store.ListTopicsAsync(ct);
                return Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("tags");
                    w.WriteStartObject();
                    w.WriteString("id", GReaderIds.Starred);
                    w.WriteEndObject();
                    foreach (var t in topics)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", GReaderIds.LabelId(t.Name));
                        w.WriteString("type", "folder");
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }));

        g.MapGet("/reader/api/0/unread-count", (HttpContext http, IArticleStore store, IReaderStore reader, CancellationToken ct) =>
            SignedIn(http, reader, ct, async user =>
            {
                var site = BaseUrl(http.Request);
                var counts = new List<(string Id, int Count, DateTimeOffset? Newest)>();
                async Task AddAsync(ReaderStream stream, params string[] ids)
                {
                    var (count, newest) = await reader.CountUnreadAsync(user.Id, stream, ct);
                    counts.AddRange(ids.Select(id => (id, count, newest)));
                }

                await AddAsync(ReaderStream.ReadingList, GReaderIds.ReadingList);
                foreach (var f in await reader.ListFeedsAsync(ct))
                {
                    await AddAsync(new ReaderStream(ReaderStreamKind.Feed, FeedId: f.Id), GReaderIds.FeedId(f));
                }

                foreach (var t in await store.ListTopicsAsync(ct))
                {
                    await AddAsync(new ReaderStream(ReaderStreamKind.Topic, Query: Query.TopicQuery.Parse(t.Query)), GReaderIds.TopicFeedId(site, t.Name), GReaderIds.LabelId(t.Name));
                }

                return Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("max", counts.Count == 0 ? 0 : counts.Max(c => c.Count));
                    w.WriteStartArray("unreadcounts");
                    foreach (var (id, count, newest) in counts)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", id);
                        w.WriteNumber("count", count);
                        w.WriteString("newestItemTimestampUsec", ((newest?.ToUnixTimeMilliseconds() ?? 0) * 1000).ToString(CultureInfo.InvariantCulture));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }));

        g.MapMethods("/reader/api/0/stream/items/ids", GetPost, (HttpContext http, IArticleStore store, IReaderStore reader, CancellationToken ct) =>
            SignedIn(http, reader, ct, async user =>
            {
                var p = await ParamsAsync(http.Request, ct);
                if (await StreamAsync(p.One("s"), http, store, reader, ct) is not { } stream)
                {
                    return NoStream(p.One("s"));
                }

                var page = await reader.ListItemsAsync(ParseQuery(p, user, stream.Stream, defaultLimit: 20, maxLimit: 10_000), ct);
                return Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("itemRefs");
                    foreach (var item in page.Items)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", GReaderIds.ShortItemId(item.Id));
                        w.WriteStartArray("directStreamIds");
                        w.WriteEndArray();
                        w.WriteString("timestampUsec", (item.Timestamp.ToUnixTimeMilliseconds() * 1000).ToString(CultureInfo.InvariantCulture));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    WriteContinuation(w, page.Continuation);
                    w.WriteEndObject();
                });
            }));

        g.MapMethods("/reader/api/0/stream/contents/{**stream}", GetPost, (HttpContext http, IArticleStore store, IReaderStore reader, CancellationToken ct) =>
            SignedIn(http, reader, ct, async user =>
            {
                var p = await ParamsAsync(http.Request, ct);
                var id = StreamInPath(http, "/stream/contents") ?? p.One("s") ?? GReaderIds.ReadingList;
                if (await StreamAsync(id, http, store, reader, ct) is not { } stream)
                {
                    return NoStream(id);
                }

                var page = await reader.ListItemsAsync(ParseQuery(p, user, stream.Stream, defaultLimit: 20, maxLimit: 1_000), ct);
                var items = await reader.GetItemsAsync(user.Id, page.Items.Select(i => i.Id).ToList(), ct);
                return Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("direction", "ltr");
                    w.WriteString("id", stream.Id);
                    w.WriteString("title", stream.Title);
                    w.WriteNumber("updated", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                    w.WriteStartArray("items");
                    foreach (var item in items)
                    {
                        GReaderOutput.WriteItem(w, item, stream);
                    }

                    w.WriteEndArray();
                    WriteContinuation(w, page.Continuation);
                    w.WriteEndObject();
                });
            }));

        g.MapMethods("/reader/api/0/stream/items/contents", GetPost, (HttpContext http, IArticleStore store, IReaderStore reader, CancellationToken ct) =>
            SignedIn(http, reader, ct, async user =>
            {
                var p = await ParamsAsync(http.Request, ct);
                if (ItemIds(p) is not { } ids)
                {
                    return BadRequest("i: not an item id (send tag:google.com,2005:reader/item/HEX or a decimal id)");
                }

                var items = await reader.GetItemsAsync(user.Id, ids, ct);
                var stream = new ResolvedStream(GReaderIds.ReadingList, ReaderStream.ReadingList, "Reading list", null);
                return Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("id", GReaderIds.ReadingList);
                    w.WriteNumber("updated", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                    w.WriteStartArray("items");
                    foreach (var item in items)
                    {
                        GReaderOutput.WriteItem(w, item, stream);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }));

        // FeedHQ's Atom form of a stream, which newsboat's "feedhq" source reads.
        g.MapGet("/reader/atom/{**stream}", (HttpContext http, IArticleStore store, IReaderStore reader, TimeProvider clock, CancellationToken ct) =>
            SignedIn(http, reader, ct, async user =>
            {
                var p = await ParamsAsync(http.Request, ct);
                var id = StreamInPath(http, "/reader/atom") ?? GReaderIds.ReadingList;
                if (await StreamAsync(id, http, store, reader, ct) is not { } stream)
                {
                    return NoStream(id);
                }

                var page = await reader.ListItemsAsync(ParseQuery(p, user, stream.Stream, defaultLimit: 20, maxLimit: 1_000), ct);
                var items = await reader.GetItemsAsync(user.Id, page.Items.Select(i => i.Id).ToList(), ct);
                return Results.Text(GReaderOutput.Atom(stream, items, page.Continuation, clock.GetUtcNow()), "application/atom+xml; charset=utf-8");
            }));

        g.MapPost("/reader/api/0/edit-tag", (HttpContext http, IReaderStore reader, TimeProvider clock, CancellationToken ct) =>
            SignedInEdit(http, reader, ct, async (user, p) =>
            {
                if (ItemIds(p) is not { } ids)
                {
                    return BadRequest("i: not an item id (send tag:google.com,2005:reader/item/HEX or a decimal id)");
                }

                var changes = new List<(ReaderFlag Flag, bool On)>();
                foreach (var (tags, adding) in new[] { (p.All("a"), true), (p.All("r"), false) })
                {
                    foreach (var tag in tags)
                    {
                        switch (GReaderIds.State(tag))
                        {
                            case "read":
                                changes.Add((ReaderFlag.Read, adding));
                                break;
                            case "kept-unread":
                                // Adding kept-unread means unread; removing it goes with adding read.
                                if (adding)
                                {
                                    changes.Add((ReaderFlag.Read, false));
                                }

                                break;
                            case "starred":
                                changes.Add((ReaderFlag.Starred, adding));
                                break;
                            default:
                                if (GReaderIds.Normalise(tag).StartsWith(GReaderIds.LabelPrefix, StringComparison.Ordinal))
                                {
                                    return BadRequest($"{tag}: Herald's labels are its topics (saved queries); an item belongs to a topic by matching it, not by a tag");
                                }

                                // Other states (broadcast, tracking-…) mean nothing in Herald.
                                break;
                        }
                    }
                }

                foreach (var (flag, on) in changes)
                {
                    await reader.SetFlagAsync(user.Id, ids, flag, on, clock.GetUtcNow(), ct);
                }

                return Results.Text("OK", "text/plain");
            }));

        g.MapPost("/reader/api/0/mark-all-as-read", (HttpContext http, IArticleStore store, IReaderStore reader, TimeProvider clock, CancellationToken ct) =>
            SignedInEdit(http, reader, ct, async (user, p) =>
            {
                if (await StreamAsync(p.One("s"), http, store, reader, ct) is not { } stream)
                {
                    return NoStream(p.One("s"));
                }

                DateTimeOffset? until = null;
                if (p.One("ts") is { Length: > 0 } ts)
                {
                    if (!long.TryParse(ts, NumberStyles.None, CultureInfo.InvariantCulture, out var usec))
                    {
                        return BadRequest($"ts={ts}: not a time in microseconds since 1970");
                    }

                    until = DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(usec / 1000, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
                }

                await reader.MarkStreamReadAsync(user.Id, stream.Stream, until, clock.GetUtcNow(), ct);
                return Results.Text("OK", "text/plain");
            }));

        g.MapPost("/reader/api/0/subscription/quickadd", (HttpContext http, IReaderStore reader, WebSources data, TimeProvider clock, CancellationToken ct) =>
            SignedInEdit(http, reader, ct, async (user, p) =>
            {
                var raw = p.One("quickadd") ?? "";
                if (raw.StartsWith("feed/", StringComparison.Ordinal))
                {
                    raw = raw["feed/".Length..];
                }

                if (HttpUrl(raw) is not { } url)
                {
                    return BadRequest($"quickadd={raw}: not an http(s) feed address");
                }

                await using var lease = data.Open();
                var (source, _) = await lease.Store.AddAsync(url, null, clock.GetUtcNow(), ct);
                return Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("numResults", 1);
                    w.WriteString("query", url);
                    w.WriteString("streamId", "feed/" + source.Url);
                    w.WriteString("streamName", source.Title ?? source.Url);
                    w.WriteEndObject();
                });
            }));

        g.MapPost("/reader/api/0/subscription/edit", (HttpContext http, IReaderStore reader, WebSources data, TimeProvider clock, CancellationToken ct) =>
            SignedInEdit(http, reader, ct, async (user, p) =>
            {
                var action = p.One("ac") ?? "edit";
                if (p.All("a").Concat(p.All("r")).FirstOrDefault(t => GReaderIds.Normalise(t).StartsWith(GReaderIds.LabelPrefix, StringComparison.Ordinal)) is { } label)
                {
                    return BadRequest($"{label}: Herald's labels are its topics (saved queries); a feed cannot be filed under one");
                }

                var streams = p.All("s").ToList();
                if (streams.Count == 0)
                {
                    return BadRequest("s: name the feed (feed/URL)");
                }

                var title = p.One("t") is { Length: > 0 } t ? t.Trim() : null;
                await using var lease = data.Open();
                var sources = lease.Store;
                foreach (var s in streams)
                {
                    if (!s.StartsWith("feed/", StringComparison.Ordinal) || HttpUrl(s["feed/".Length..]) is not { } url)
                    {
                        return BadRequest($"s={s}: not a feed (feed/ and an http(s) address)");
                    }

                    switch (action)
                    {
                        case "subscribe":
                            await sources.AddAsync(url, title, clock.GetUtcNow(), ct);
                            break;
                        case "edit":
                            var existing = (await sources.ListAsync(ct)).FirstOrDefault(f => f.Url == s["feed/".Length..]);
                            if (existing is null)
                            {
                                return NoStream(s);
                            }

                            if (title is not null)
                            {
                                await sources.SaveStateAsync(existing with { Title = title }, ct);
                            }

                            break;
                        case "unsubscribe":
                            return BadRequest($"{s}: Herald follows feeds for all its users and keeps what they brought; stop following a feed on the server, not from a reader app");
                        default:
                            return BadRequest($"ac={action}: not an action (subscribe, edit)");
                    }
                }

                return Results.Text("OK", "text/plain");
            }));
    }

    /// <summary>
    /// Reader apps append "/accounts/ClientLogin" or "/reader/…" to the address users type, so one typed with a
    /// trailing slash arrives as "/api/greader//accounts/ClientLogin"; collapse such doubled slashes before routing.
    /// </summary>
    public static Task CollapseSlashes(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value;
        if (path is not null && path.StartsWith(Prefix, StringComparison.Ordinal) && path.Contains("//", StringComparison.Ordinal))
        {
            var sb = new StringBuilder(path.Length);
            foreach (var ch in path)
            {
                if (ch != '/' || sb.Length == 0 || sb[^1] != '/')
                {
                    sb.Append(ch);
                }
            }

            context.Request.Path = sb.ToString();
        }

        return next(context);
    }

    private static async Task<IResult> SignedIn(HttpContext http, IReaderStore reader, CancellationToken ct, Func<ReaderUser, Task<IResult>> body) =>
        await GReaderAuth.UserAsync(http.Request, reader, ct) is { } user ? await body(user) : Unauthorized(http);

    /// <summary>Edits need a signed-in user and, when the client sends one, the right T token.</summary>
    private static async Task<IResult> SignedInEdit(HttpContext http, IReaderStore reader, CancellationToken ct, Func<ReaderUser, Params, Task<IResult>> body)
    {
        if (await GReaderAuth.UserAsync(http.Request, reader, ct) is not { } user)
        {
            return Unauthorized(http);
        }

        var p = await ParamsAsync(http.Request, ct);
        if (!GReaderAuth.EditTokenMatches(GReaderAuth.TokenOf(http.Request)!, p.One("T")))
        {
            http.Response.Headers["X-Reader-Google-Bad-Token"] = "true";
            return Results.Text("Unauthorized: T is not the token /reader/api/0/token gives\n", "text/plain", statusCode: 401);
        }

        return await body(user, p);
    }

    private static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "GoogleLogin";
        return Results.Text("Unauthorized: sign in with /api/greader/accounts/ClientLogin and send \"Authorization: GoogleLogin auth=TOKEN\"\n", "text/plain", statusCode: 401);
    }

    private static IResult BadRequest(string message) => Results.Text(message + "\n", "text/plain", statusCode: 400);

    private static IResult NoStream(string? id) =>
        id is null ? BadRequest("s: name a stream") : Results.Text($"{id}: no such stream (feeds, topics as user/-/label/NAME, reading-list, starred, read)\n", "text/plain", statusCode: 404);

    private static Task<ResolvedStream?> StreamAsync(string? id, HttpContext http, IArticleStore store, IReaderStore reader, CancellationToken ct) =>
        id is null ? Task.FromResult<ResolvedStream?>(null) : StreamResolver.ResolveAsync(id, BaseUrl(http.Request), store, reader, ct);

    /// <summary>The stream id after <paramref name="marker"/> in the raw request target, percent-decoded once (clients
    /// escape its slashes, which the server's decoded path would leave ambiguous); null when the path names none.</summary>
    private static string? StreamInPath(HttpContext http, string marker)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "";
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            raw = raw[..q];
        }

        var at = raw.IndexOf(marker + "/", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = Uri.UnescapeDataString(raw[(at + marker.Length + 1)..]);
        return rest.Length == 0 ? null : rest;
    }

    private static ReaderQuery ParseQuery(Params p, ReaderUser user, ReaderStream stream, int defaultLimit, int maxLimit)
    {
        var n = defaultLimit;
        if (p.One("n") is { Length: > 0 } rawN && (!int.TryParse(rawN, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n < 1))
        {
            throw new Model.HeraldException("n=" + rawN, "not a number of items (1 or more)");
        }

        long? after = null;
        if (p.One("c") is { Length: > 0 } c)
        {
            after = long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : throw new Model.HeraldException("c=" + c, "not a continuation this server gave");
        }

        return new ReaderQuery(
            user.Id, stream, Math.Min(n, maxLimit),
            ExcludeRead: p.All("xt").Any(x => GReaderIds.State(x) == "read"),
            OldestFirst: p.One("r") == "o",
            Since: Seconds(p, "ot"),
            Until: Seconds(p, "nt"),
            After: after);
    }

    private static DateTimeOffset? Seconds(Params p, string name)
    {
        if (p.One(name) is not { Length: > 0 } raw)
        {
            return null;
        }

        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s <= 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : throw new Model.HeraldException($"{name}={raw}", "not a time in seconds since 1970");
    }

    private static List<long>? ItemIds(Params p)
    {
        var ids = new List<long>();
        foreach (var raw in p.All("i"))
        {
            if (GReaderIds.ParseItemId(raw) is not { } id)
            {
                return null;
            }

            ids.Add(id);
        }

        return ids.Count == 0 ? null : ids;
    }

    private static void WriteSubscription(Utf8JsonWriter w, string id, string title, string url, string? htmlUrl, string? label)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("title", title);
        w.WriteStartArray("categories");
        if (label is not null)
        {
            w.WriteStartObject();
            w.WriteString("id", GReaderIds.LabelId(label));
            w.WriteString("label", label);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("url", url);
        w.WriteString("htmlUrl", htmlUrl ?? url);
        w.WriteString("iconUrl", "");
        w.WriteEndObject();
    }

    private static void WriteContinuation(Utf8JsonWriter w, long? continuation)
    {
        if (continuation is { } c)
        {
            w.WriteString("continuation", c.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static IResult Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return Results.Bytes(buffer.ToArray(), "application/json; charset=utf-8");
    }

    private static string BaseUrl(HttpRequest request) => request.Scheme + "://" + request.Host.Value;

    private static string? SiteOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority) + "/" : null;

    private static string? HttpUrl(string raw) =>
        Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? u.AbsoluteUri : null;

    private static async Task<Params> ParamsAsync(HttpRequest request, CancellationToken ct)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, IEnumerable<string?> vs)
        {
            var list = values.TryGetValue(key, out var l) ? l : values[key] = [];
            list.AddRange(vs.OfType<string>());
        }

        foreach (var (key, v) in request.Query)
        {
            Add(key, v);
        }

        if (request.HasFormContentType)
        {
            foreach (var (key, v) in await request.ReadFormAsync(ct))
            {
                Add(key, v);
            }
        }

        return new Params(values);
    }

    /// <summary>Request parameters from the query string and a form body alike (clients use both).</summary>
    private sealed record Params(Dictionary<string, List<string>> Values)
    {
        public string? One(string name) => Values.TryGetValue(name, out var l) && l.Count > 0 ? l[0] : null;

        public IEnumerable<string> All(string name) => Values.TryGetValue(name, out var l) ? l : [];
    }
}
