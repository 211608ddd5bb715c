using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Herald.Composition;
using Herald.Ingest.Feeds;
using Herald.Ingest.Fetch;
using Herald.Ingest.Scheduling;
using Herald.Storage.Sqlite;
using Herald.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Bench.Soak;

/// <summary>
/// `soak [DAYS] [FEEDS] [CYCLES_PER_DAY] [HOSTS]`: months of running, compressed. A child process serves FEEDS
/// feeds on HOSTS loopback addresses with the faults of the real web (feeds that change on every poll, slow bodies,
/// connection resets, 5xx storms, feeds that vanish, feeds that never change); this process polls them with the real
/// poller, scheduler and SQLite store on a simulated clock that advances a day every CYCLES_PER_DAY cycles, runs the
/// live steps (stories, annotation) after every cycle like `herald run`, and keeps a web server on the same store busy
/// with reads the whole time. After every simulated day it prints one row: fetch outcomes, the store's size, the
/// process's memory, open file handles and threads, and the web's read latency. What must hold: handles and threads
/// flat, memory flat or growing only with the data, reads answered throughout.
/// </summary>
internal static class SoakBench
{
    private const int Port = 18081;
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
        if (args.Length > 0 && args[0] == "--serve")
        {
            return await ServeAsync(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
        }

        var days = Arg(0, 7);
        var feeds = Arg(1, 10_000);
        var cyclesPerDay = Arg(2, 4);
        var hosts = Arg(3, 250);

        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(SoakBench).Assembly.Location);
        }

        foreach (var a in new object[] { "soak", "--serve", feeds, hosts, cyclesPerDay }.Select(x => Convert.ToString(x, CultureInfo.InvariantCulture)!))
        {
            psi.ArgumentList.Add(a);
        }

        using var server = Process.Start(psi)!;
        var dir = Path.Combine(Path.GetTempPath(), "herald-soak-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            if (await server.StandardOutput.ReadLineAsync() != "ready")
            {
                await Console.Error.WriteLineAsync("soak: the feed server did not start");
                return 1;
            }

            Directory.CreateDirectory(dir);
            var clock = new SimulatedClock(Start);
            var options = new FetchOptions
            {
                AllowPrivateAddresses = true, MinHostDelay = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(5), Retries = 1,
                RetryDelay = TimeSpan.FromMilliseconds(50),
            };
            await using var services = FetchServices.Build(options);
            await using var articles = SqliteStore.OpenFolder(dir);
            await using var sources = SourceStore.OpenFolder(dir);
            for (var i = 0; i < feeds; i++)
            {
                await sources.AddAsync($"http://{HostAddress(i % hosts)}:{Port}/f/{i}.xml", null, Start, CancellationToken.None);
            }

            await articles.SaveTopicAsync(new Herald.Pipeline.Topic("Water", "water OR drought OR dam", Start), CancellationToken.None);
            var poller = new FeedPoller(
                new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), options), new FeedParser(), articles, sources,
                new PollScheduler(new PollPolicy(), new Random(7)), clock)
            { Parallelism = Math.Min(hosts, 64) };

            await using var web = HeraldWebApp.Build(new WebOptions(dir, Port: 0));
            await web.StartAsync();
            using var stopReads = new CancellationTokenSource();
            var reads = new ReadLoad(HeraldWebApp.BaseAddress(web));
            var readTask = reads.RunAsync(stopReads.Token);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"soak: {days} simulated days x {cyclesPerDay} cycles, {feeds} feeds on {hosts} loopback hosts (1 in 20 faulty), live steps after each cycle, web reads throughout, {Environment.ProcessorCount} cores"));
            Console.WriteLine("day  fetched  304/same  failures  new items  articles  db MB  working set MB  GC heap MB  handles  threads  reads  read p50 ms  read p99 ms  wall s");
            var rows = new List<(long Handles, int Threads, double WorkingSet, double Heap)>();
            for (var day = 1; day <= days; day++)
            {
                var wall = Stopwatch.StartNew();
                int fetched = 0, same = 0, failures = 0, added = 0;
                for (var c = 0; c < cyclesPerDay; c++)
                {
                    clock.Advance(TimeSpan.FromDays(1.0 / cyclesPerDay));
                    var due = await FeedPoller.DueAsync(sources, clock.GetUtcNow(), false, CancellationToken.None);
                    var summary = await poller.PollAsync(due, CancellationToken.None);
                    await LiveSteps.RunAsync(articles, CancellationToken.None);
                    fetched += summary.Fetched;
                    same += summary.NotModified + summary.Unchanged;
                    failures += summary.FailureCount;
                    added += summary.NewItems;
                }

                GC.Collect();
                var (p50, p99, count) = reads.TakeDay();
                using var process = Process.GetCurrentProcess();
                var handles = Directory.GetFiles("/proc/self/fd").LongLength;
                var row = (handles, process.Threads.Count, process.WorkingSet64 / 1048576.0, GC.GetTotalMemory(false) / 1048576.0);
                rows.Add(row);
                var stored = (await articles.SummarizeAsync(null, CancellationToken.None)).Articles;
                var dbMb = Directory.GetFiles(dir, "herald.db*").Sum(f => new FileInfo(f).Length) / 1048576.0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{day,3}  {fetched,7}  {same,8}  {failures,8}  {added,9}  {stored,8}  {dbMb,5:0}  {row.Item3,14:0}  {row.Item4,10:0}  {handles,7}  {row.Item2,7}  {count,5}  {p50,11:0.0}  {p99,11:0.0}  {wall.Elapsed.TotalSeconds,6:0}"));
            }

            await stopReads.CancelAsync();
            await readTask;
            await web.StopAsync();
            var first = rows[Math.Min(1, rows.Count - 1)];
            var last = rows[^1];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT soak {days} days: handles {first.Handles} -> {last.Handles}, threads {first.Threads} -> {last.Threads}, working set {first.WorkingSet:0} -> {last.WorkingSet:0} MB, GC heap {first.Heap:0} -> {last.Heap:0} MB (day 2 -> day {days}), read errors {reads.Errors}"));
            return reads.Errors == 0 ? 0 : 1;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static IPAddress HostAddress(int host) => new([127, 0, (byte)(2 + (host / 250)), (byte)(1 + (host % 250))]);

    /// <summary>A clock the bench moves: the scheduler's intervals pass in an instant.</summary>
    private sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    }

    /// <summary>Continuous reads of the pages an analyst opens, with their latencies per simulated day.</summary>
    private sealed class ReadLoad(Uri baseAddress)
    {
        private static readonly string[] Paths = ["/", "/topics/Water", "/search?q=water", "/api/search?q=drought&size=20", "/api/stories", "/healthz"];
        private readonly ConcurrentQueue<double> _latencies = new();
        private int _errors;

        public int Errors => _errors;

        public async Task RunAsync(CancellationToken ct)
        {
            using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
            for (var i = 0; !ct.IsCancellationRequested; i++)
            {
                var sw = Stopwatch.StartNew();
                try
                {
                    using var response = await http.GetAsync(Paths[i % Paths.Length], ct);
                    await response.Content.ReadAsByteArrayAsync(ct);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref _errors);
                    }

                    _latencies.Enqueue(sw.Elapsed.TotalMilliseconds);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref _errors);
                }

                try
                {
                    await Task.Delay(20, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        public (double P50, double P99, int Count) TakeDay()
        {
            var day = new List<double>();
            while (_latencies.TryDequeue(out var l))
            {
                day.Add(l);
            }

            if (day.Count == 0)
            {
                return (0, 0, 0);
            }

            day.Sort();
            return (day[day.Count / 2], day[Math.Min(day.Count - 1, (int)(day.Count * 0.99))], day.Count);
        }
    }

    private static async Task<int> ServeAsync(int feeds, int hosts, int cyclesPerDay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            for (var h = 0; h < hosts; h++)
            {
                k.Listen(HostAddress(h), Port);
            }
        });
        var app = builder.Build();
        var polls = new int[feeds];
        var step = TimeSpan.FromDays(1.0 / cyclesPerDay / 2);
        app.MapGet("/f/{n:int}.xml", async (int n, HttpContext ctx) =>
        {
            if (n < 0 || n >= feeds)
            {
                ctx.Response.StatusCode = 404;
                return;
            }

            var c = Interlocked.Increment(ref polls[n]) - 1;
            switch (n % 100)
            {
                case 7 when c >= 3:                    // a feed that vanishes
                    ctx.Response.StatusCode = 410;
                    return;
                case 13 when c / 3 % 2 == 1:           // 5xx storms, three polls at a time
                    ctx.Response.StatusCode = 503;
                    return;
                case 21 when c % 4 == 2:               // a reset connection
                    ctx.Abort();
                    return;
            }

            // Feed 42 of every hundred never changes; the others gain two items a poll, the newest first.
            var version = n % 100 == 42 ? 0 : c;
            var etag = "\"" + n.ToString(CultureInfo.InvariantCulture) + "-" + version.ToString(CultureInfo.InvariantCulture) + "\"";
            if (ctx.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                ctx.Response.StatusCode = 304;
                return;
            }

            ctx.Response.Headers.ETag = etag;
            ctx.Response.ContentType = "application/rss+xml; charset=utf-8";
            var body = Encoding.UTF8.GetBytes(Feed(n, version, step));
            if (n % 100 == 33)                         // a slow body: half, a pause, the rest
            {
                await ctx.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2));
                await ctx.Response.Body.FlushAsync();
                await Task.Delay(1500);
                await ctx.Response.Body.WriteAsync(body.AsMemory(body.Length / 2));
                return;
            }

            await ctx.Response.Body.WriteAsync(body);
        });
        await app.StartAsync();
        Console.WriteLine("ready");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private static readonly string[] Subjects = ["Water shortages", "Drought talks", "Dam repairs", "Election results", "Oil exports", "Refinery upgrade", "Border crossing", "Court ruling"];
    private static readonly string[] Places = ["Mosul", "Basra", "Baghdad", "Erbil", "Najaf", "Kirkuk"];

    private static string Feed(int n, int version, TimeSpan step)
    {
        var id = n.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder(20 * 500);
        sb.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Outlet ").Append(id)
            .Append("</title><link>https://outlet").Append(id).Append(".example/</link>");
        for (var k = version * 2 + 19; k >= version * 2; k--)
        {
            var item = k.ToString(CultureInfo.InvariantCulture);
            var subject = Subjects[(k + n) % Subjects.Length];
            var place = Places[(k / 3 + n) % Places.Length];
            sb.Append("<item><title>").Append(subject).Append(" in ").Append(place).Append(", outlet ").Append(id).Append(" reports (").Append(item).Append(")</title>")
                .Append("<link>https://outlet").Append(id).Append(".example/news/").Append(item).Append("</link>")
                .Append("<guid isPermaLink=\"false\">outlet").Append(id).Append('-').Append(item).Append("</guid>")
                .Append("<pubDate>").Append((Start + (k * step)).ToString("R", CultureInfo.InvariantCulture)).Append("</pubDate>")
                .Append("<description>Officials in ").Append(place).Append(" said on Tuesday that ").Append(subject.ToLowerInvariant())
                .Append(" had changed after talks, according to a statement from the ministry.</description></item>");
        }

        sb.Append("</channel></rss>");
        return sb.ToString();
    }
}
