using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Herald.Ingest.Feeds;
using Herald.Ingest.Fetch;
using Herald.Ingest.Scheduling;
using Herald.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Bench.Fetch;

/// <summary>
/// `fetch [FEEDS] [ITEMS] [HOSTS]`: serves FEEDS feeds × ITEMS items from a child process listening on
/// HOSTS loopback addresses (127.0.x.y, each its own host for politeness), follows them all through the
/// real poller and SQLite store, and prints one full cycle's time, items/s, peak memory of the fetching
/// process and the second cycle's share of 304 responses.
/// </summary>
internal static class FetchBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "--serve")
        {
            return await ServeAsync(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
        }

        var feeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var items = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var hosts = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
        var hostDelay = TimeSpan.FromMilliseconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 500);
        const int port = 18080;

        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(FetchBench).Assembly.Location);
        }

        foreach (var a in (string[])["fetch", "--serve", feeds.ToString(CultureInfo.InvariantCulture), items.ToString(CultureInfo.InvariantCulture), hosts.ToString(CultureInfo.InvariantCulture)])
        {
            psi.ArgumentList.Add(a);
        }

        using var server = Process.Start(psi)!;
        try
        {
            var ready = await server.StandardOutput.ReadLineAsync();
            if (ready != "ready")
            {
                await Console.Error.WriteLineAsync($"fetch bench: the feed server did not start ({ready})");
                return 1;
            }

            var dir = Path.Combine(Path.GetTempPath(), "herald-fetch-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            var options = new FetchOptions { AllowPrivateAddresses = true, MinHostDelay = hostDelay, Timeout = TimeSpan.FromSeconds(30) };
            await using var services = FetchServices.Build(options);
            await using var articles = SqliteStore.OpenFolder(dir);
            await using var sources = SourceStore.OpenFolder(dir);
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < feeds; i++)
            {
                // Round-robin over hosts, so consecutive sources belong to different hosts.
                await sources.AddAsync(FeedUrl(i, hosts, port), null, now, CancellationToken.None);
            }

            var poller = new FeedPoller(
                new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), options), new FeedParser(), articles, sources,
                new PollScheduler(new PollPolicy(), new Random(1)), TimeProvider.System)
            { Parallelism = Math.Min(hosts, 128) };

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fetch bench: {feeds} feeds x {items} items on {hosts} loopback hosts, {hostDelay.TotalMilliseconds:0} ms minimum delay per host, {Environment.ProcessorCount} cores"));
            var all = await sources.ListAsync(CancellationToken.None);
            var sw = Stopwatch.StartNew();
            var first = await poller.PollAsync(all, CancellationToken.None);
            var firstTime = sw.Elapsed;
            Console.WriteLine($"cycle 1: {first.OneLine()}");
            var gc = GC.GetGCMemoryInfo();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cycle 1: managed heap {gc.HeapSizeBytes / 1048576.0:0} MB (peak committed {gc.TotalCommittedBytes / 1048576.0:0} MB), working set {Environment.WorkingSet / 1048576.0:0} MB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cycle 1: {firstTime.TotalSeconds:0.0} s, {first.NewItems / firstTime.TotalSeconds:0} items/s"));

            all = await sources.ListAsync(CancellationToken.None);
            sw.Restart();
            var second = await poller.PollAsync(all, CancellationToken.None);
            var secondTime = sw.Elapsed;
            Console.WriteLine($"cycle 2: {second.OneLine()}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cycle 2: {secondTime.TotalSeconds:0.0} s, 304 share {(double)second.NotModified / Math.Max(1, second.Sources):P1}"));
            var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT full cycle {firstTime.TotalSeconds:0.0} s (target < 60), {first.NewItems} items, {first.NewItems / firstTime.TotalSeconds:0} items/s, peak memory {peak:0} MB (target < 500), second cycle 304s {(double)second.NotModified / Math.Max(1, second.Sources):P1}"));
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }

            return first.FailureCount == 0 && first.NewItems == feeds * items ? 0 : 1;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static IPAddress HostAddress(int host) => new([127, 0, (byte)(1 + (host / 250)), (byte)(1 + (host % 250))]);

    private static string FeedUrl(int feed, int hosts, int port) =>
        $"http://{HostAddress(feed % hosts)}:{port.ToString(CultureInfo.InvariantCulture)}/f/{feed.ToString(CultureInfo.InvariantCulture)}.xml";

    private static async Task<int> ServeAsync(int feeds, int items, int hosts)
    {
        const int port = 18080;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            for (var h = 0; h < hosts; h++)
            {
                k.Listen(HostAddress(h), port);
            }
        });
        var app = builder.Build();
        app.MapGet("/f/{n:int}.xml", (int n, HttpContext ctx) =>
        {
            var etag = "\"f" + n.ToString(CultureInfo.InvariantCulture) + "\"";
            if (ctx.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                return Results.StatusCode(304);
            }

            ctx.Response.Headers.ETag = etag;
            ctx.Response.Headers.LastModified = "Wed, 01 May 2024 12:00:00 GMT";
            return Results.Text(Feed(n, items), "application/rss+xml; charset=utf-8");
        });
        await app.StartAsync();
        Console.WriteLine("ready");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private static string Feed(int n, int items)
    {
        var id = n.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder(items * 600);
        sb.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Outlet ").Append(id)
            .Append("</title><link>https://outlet").Append(id).Append(".example/</link><ttl>15</ttl>");
        for (var i = 0; i < items; i++)
        {
            var item = i.ToString(CultureInfo.InvariantCulture);
            sb.Append("<item><title>Outlet ").Append(id).Append(" reports story ").Append(item).Append(" on the week's events</title>")
                .Append("<link>https://outlet").Append(id).Append(".example/news/").Append(item).Append("?utm_source=rss&amp;utm_medium=feed</link>")
                .Append("<guid isPermaLink=\"false\">outlet").Append(id).Append('-').Append(item).Append("</guid>")
                .Append("<pubDate>").Append(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(-37 * i).ToString("R", CultureInfo.InvariantCulture)).Append("</pubDate>")
                .Append("<dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">Reporter ").Append(item).Append("</dc:creator>")
                .Append("<description>&lt;p&gt;Officials said on Tuesday that the situation in the region had changed after talks, according to a statement. ")
                .Append("Residents described long queues and closed roads; the ministry promised an update by the evening.&lt;/p&gt;&lt;img src=\"/img/")
                .Append(item).Append(".jpg\" onerror=\"x()\"&gt;</description></item>");
        }

        sb.Append("</channel></rss>");
        return sb.ToString();
    }
}
