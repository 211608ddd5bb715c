using System.CommandLine;
using Herald.Ingest.Feeds;
using Herald.Ingest.Fetch;
using Herald.Model;
using Microsoft.Extensions.Logging;

namespace Herald.Cli.Commands;

/// <summary>`herald add-feed`, `import-opml`, `fetch` and `sources`: following feeds on the web.</summary>
internal static class FeedCommands
{
    public static Command AddFeed()
    {
        var url = new Argument<string>("URL") { Description = "Address of an RSS, Atom or JSON feed" };
        var title = new Option<string?>("--title") { Description = "A name for the source (default: the feed's own title)" };
        var command = new Command("add-feed", "Follow a feed: it is fetched by the next `herald fetch`") { url, title };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var address = CheckUrl(r.GetValue(url)!);
            await using var opened = await CliContext.OpenSourcesAsync(r, ct);
            var sources = opened.Store;
            var (source, added) = await sources.AddAsync(address, r.GetValue(title), DateTimeOffset.UtcNow, ct);
            await Console.Out.WriteLineAsync(added ? $"added source {source.Id}: {source.Url}" : $"already following {source.Url} (source {source.Id})");
            return 0;
        }));
        return command;
    }

    public static Command ImportOpml()
    {
        var file = new Argument<string>("FILE") { Description = "An OPML subscription list" };
        var command = new Command("import-opml", "Follow every feed listed in an OPML file") { file };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var path = r.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new HeraldException(path, "no such file");
            }

            var feeds = Opml.Parse(await File.ReadAllTextAsync(path, ct), path);
            if (feeds.Count == 0)
            {
                // Nothing usable was read: say so and exit 2, like every verb, rather than a summary of zeros.
                throw new HeraldException(path, "lists no feeds (no <outline> with an xmlUrl)");
            }

            await using var opened = await CliContext.OpenSourcesAsync(r, ct);
            var sources = opened.Store;
            int added = 0, skipped = 0;
            foreach (var feed in feeds)
            {
                if (!Uri.TryCreate(feed.Url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
                {
                    await Console.Error.WriteLineAsync($"herald: warning: {path}: skipped {feed.Url} (not an http(s) address)");
                    skipped++;
                    continue;
                }

                added += (await sources.AddAsync(u.AbsoluteUri, feed.Title, DateTimeOffset.UtcNow, ct)).Added ? 1 : 0;
            }

            await Console.Out.WriteLineAsync($"{path}: {feeds.Count} feeds listed, {added} added, {feeds.Count - added - skipped} already followed, {skipped} skipped");
            return skipped == feeds.Count ? CliRunner.UserError : 0;
        }));
        return command;
    }

    public static Command Fetch()
    {
        var once = new Option<bool>("--once") { Description = "Poll the due sources once, print a summary and exit" };
        var all = new Option<bool>("--all") { Description = "Poll every source now, due or not" };
        var allowPrivate = new Option<bool>("--allow-private") { Description = "Allow loopback and private addresses (also HERALD_ALLOW_PRIVATE=1)" };
        var parallel = new Option<int>("--parallel") { Description = "Sources fetched at once (default 32)", DefaultValueFactory = _ => 32 };
        var delay = new Option<int>("--host-delay-ms") { Description = "Minimum pause between two requests to one host (default 1000)", DefaultValueFactory = _ => 1000 };
        var command = new Command("fetch", "Poll followed feeds and store new items; runs until interrupted unless --once")
        {
            once, all, allowPrivate, CliContext.AllowAddress, parallel, delay,
        };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var options = new FetchOptions
            {
                AllowPrivateAddresses = r.GetValue(allowPrivate) || Environment.GetEnvironmentVariable("HERALD_ALLOW_PRIVATE") is "1" or "true",
                AllowedNetworks = CliContext.AllowedNetworks(r),
                MinHostDelay = TimeSpan.FromMilliseconds(Math.Max(0, r.GetValue(delay))),
            };
            if (GlobalOptions.BrokerUrl(r) is { } broker)
            {
                return await EnqueueAsync(r, broker, r.GetValue(all), ct);
            }

            await using var articles = await CliContext.OpenStoreAsync(r, ct);
            await using var opened = await CliContext.OpenSourcesAsync(r, ct);
            var sources = opened.Store;
            using var logs = CliContext.Logging(r, LogLevel.Warning);
            var loop = new FetchLoop(options, articles, sources, r.GetValue(parallel), logs.CreateLogger("Herald.Fetch"))
            {
                OnCycle = summary => Console.Out.WriteLine(summary.OneLine()),
            };
            await loop.RunAsync(r.GetValue(once), r.GetValue(all), ct);
            return 0;
        }));
        return command;
    }

    /// <summary>How long a feed `fetch` enqueued stays claimed: a worker's poll reschedules it sooner; if none has by
    /// then (the workers are far behind, or the message was dead-lettered), the next run enqueues it again.</summary>
    internal static readonly TimeSpan EnqueueLease = TimeSpan.FromMinutes(30);

    /// <summary>
    /// With a broker: sends each due source (every source with --all) as one message to the fetch queue, confirmed
    /// by the broker, and returns; `herald worker` polls them. Run it from a timer (cron, systemd) to keep polling.
    /// The due feeds are claimed first (their next poll moved <see cref="EnqueueLease"/> ahead, atomically), so a
    /// second run before the workers polled them, or two timers at once, enqueue each feed once; a failed publish
    /// gives them back.
    /// </summary>
    private static async Task<int> EnqueueAsync(System.CommandLine.ParseResult r, Herald.Broker.BrokerUrl broker, bool all, CancellationToken ct)
    {
        await using var opened = await CliContext.OpenSourcesAsync(r, ct);
        var followed = await opened.Store.ListAsync(ct);
        var now = DateTimeOffset.UtcNow;
        var due = await FeedPoller.DueAsync(opened.Store, now, all, ct);
        await using var client = await Herald.Broker.BrokerClient.ConnectAsync(broker, "herald fetch", ct);
        await client.DeclareAsync(ct);
        var queue = client.Queues.Of(Herald.Broker.WorkRole.Fetch);
        var until = now + EnqueueLease;
        IReadOnlyList<long> ids = all
            ? [.. due.Select(s => s.Id)]
            : await opened.Store.DeferPollsAsync([.. due.Select(s => s.Id)], now, until, ct);
        try
        {
            await client.PublishAllAsync(queue, ids.Select(Herald.Broker.WorkMessages.Feed), ct);
        }
        catch when (!all)
        {
            // Not all were confirmed: make them due again (polling one twice is harmless, skipping one is not).
            await opened.Store.DeferPollsAsync(ids, until, now, CancellationToken.None);
            throw;
        }

        await Console.Out.WriteLineAsync($"enqueued {ids.Count} of {followed.Count} followed feeds ({(all ? "all" : "those due")}) to {queue} on {broker.Display}");
        return 0;
    }

    public static Command Sources()
    {
        var opml = new Option<string?>("--opml") { Description = "Write the followed feeds to this OPML file instead" };
        var command = new Command("sources", "List followed feeds with their state in plain words and the next attempt") { opml };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var opened = await CliContext.OpenSourcesAsync(r, ct);
            var sources = opened.Store;
            var list = await sources.ListAsync(ct);
            if (r.GetValue(opml) is { } path)
            {
                await File.WriteAllTextAsync(path, Opml.Write("Herald sources", list.Select(s => new OpmlFeed(s.Url, s.Title, null, null))), ct);
                await Console.Out.WriteLineAsync($"wrote {list.Count} feeds to {path}");
                return 0;
            }

            var now = DateTimeOffset.UtcNow;
            foreach (var s in list)
            {
                await Console.Out.WriteLineAsync(Describe(s, now));
            }

            if (list.Count == 0)
            {
                await Console.Out.WriteLineAsync("no sources yet: add one with `herald add-feed URL` or `herald import-opml FILE`");
            }

            return 0;
        }));
        return command;
    }

    internal static string Describe(FeedSource s, DateTimeOffset now) =>
        $"{s.Id,4}  {s.Title ?? "(untitled)"}  <{s.Url}>  {s.StateInWords()}; {s.NextAttemptInWords(now)}";

    private static string CheckUrl(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
        {
            throw new HeraldException(url, "not an http(s) address");
        }

        return u.AbsoluteUri;
    }
}
