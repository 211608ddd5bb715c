using System.Diagnostics;
using System.Globalization;
using Herald.Bench.Stories;
using Herald.Bench.Web;
using Herald.Broker;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Storage;
using Herald.Storage.Postgres;
using Herald.Storage.Sqlite;
using Herald.Topics;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Herald.Bench.Scale;

/// <summary>
/// `ceilings [--articles N] [--sample N] [--messages N] [--runs N] [--skip-large | --reads-only]`: what each shared component of a
/// scaled-out Herald can take, measured through Herald's own code on this machine, so docs/SCALE.md can say what
/// saturates first. Three parts:
/// <list type="number">
/// <item>Store writes on a fresh store of each kind (SQLite, PostgreSQL), SAMPLE (20,000) generated articles in the
/// pipeline's batches of 500: new articles stored and full-text indexed per second, changed articles re-indexed per
/// second, story assignments per second and annotations per second.</item>
/// <item>Broker messages per second on a throw-away durable queue: publishing as Herald publishes (persistent, each
/// confirmed before the next), publishing with 64 confirms in flight (what the broker itself takes), and consuming with
/// manual acks and a bounded prefetch as the workers do.</item>
/// <item>Reads at N (1,000,000) articles: the `web` bench's generated SQLite store (kept under the temp folder and
/// reused) and a PostgreSQL copy of it (kept in a schema keyed the same way and reused while its count matches; the
/// load prints its own writes per second as the table grows), then the same searches (relevance and newest first) and
/// the same topic pages (<see cref="TopicPageBuilder"/>, the one builder every view reads) on both, warm, with p50 and p99.</item>
/// </list>
/// Needs HERALD_TEST_POSTGRES and HERALD_TEST_RABBITMQ (as the tests); `--skip-large` leaves out part 3.
/// </summary>
internal static class CeilingsBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const int Batch = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var pg = Environment.GetEnvironmentVariable("HERALD_TEST_POSTGRES");
        var mq = Environment.GetEnvironmentVariable("HERALD_TEST_RABBITMQ");
        if (string.IsNullOrEmpty(pg) || string.IsNullOrEmpty(mq))
        {
            Console.Error.WriteLine("bench ceilings: needs HERALD_TEST_POSTGRES and HERALD_TEST_RABBITMQ (see README, \"The two commands\")");
            return 2;
        }

        var articles = IntArg(args, "--articles", 1_000_000);
        var sample = IntArg(args, "--sample", 20_000);
        var messages = IntArg(args, "--messages", 20_000);
        var runs = IntArg(args, "--runs", 5);
        Console.WriteLine($"ceilings: {Environment.ProcessorCount} cores, load average {LoadAverage()} at the start");

        if (args.Contains("--reads-only"))
        {
            Console.WriteLine();
            await ReadsAsync(pg, articles, runs);
            return 0;
        }

        Console.WriteLine();
        Console.WriteLine($"store writes, {sample:N0} generated articles in batches of {Batch} into a fresh store:");
        Console.WriteLine($"{"store",-10} {"new articles/s",14} {"re-indexed/s",12} {"story assignments/s",19} {"annotations/s",13}");
        var dir = Path.Combine(Path.GetTempPath(), $"herald-bench-ceilings-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            await using (var sqlite = SqliteStore.Open(Path.Combine(dir, "herald.db")))
            {
                await WritesAsync("SQLite", sqlite, sample);
            }

            var schema = $"bench_ceilings_{Environment.ProcessId}";
            try
            {
                await using var postgres = await StoreUrl.Parse(pg + "?schema=" + schema).OpenAsync();
                await WritesAsync("PostgreSQL", postgres, sample);
            }
            finally
            {
                await DropSchemaAsync(pg, schema);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        Console.WriteLine();
        await BrokerAsync(mq, messages);

        if (!args.Contains("--skip-large"))
        {
            Console.WriteLine();
            await ReadsAsync(pg, articles, runs);
        }

        Console.WriteLine();
        Console.WriteLine($"load average {LoadAverage()} at the end; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB");
        return 0;
    }

    /// <summary>Part 1: the four kinds of write every article causes, each timed alone on one store.</summary>
    private static async Task WritesAsync(string name, IArticleStore store, int count)
    {
        var generator = new ArticleGenerator(seed: 7);
        var batch = Enumerable.Range(0, count).Select(_ => generator.Next()).ToList();
        var ct = CancellationToken.None;

        var sw = Stopwatch.StartNew();
        foreach (var chunk in batch.Chunk(Batch))
        {
            await store.UpsertAsync(chunk, ct);
        }

        var inserted = count / sw.Elapsed.TotalSeconds;

        // The same articles with a changed body: the update path, which re-indexes each and queues it for annotation.
        var changed = batch.Select(a => a with { Text = a.Text + "\n\nUpdated with a further paragraph on the talks." }).ToList();
        sw.Restart();
        foreach (var chunk in changed.Chunk(Batch))
        {
            var summary = await store.UpsertAsync(chunk, ct);
            if (summary.Updated != chunk.Length)
            {
                throw new InvalidOperationException($"{name}: expected {chunk.Length} updates, the store reported {summary.Updated}");
            }
        }

        var reindexed = count / sw.Elapsed.TotalSeconds;

        // Stories of about eight articles each, every fifth a copy of its story's first article.
        var assignments = batch.Select((a, i) => new Herald.Pipeline.StoryAssignment(
            a.Id, batch[i / 8 * 8].Id, i % 5 == 4 ? batch[i / 8 * 8].Id : null, null)).ToList();
        sw.Restart();
        foreach (var chunk in assignments.Chunk(Batch))
        {
            await store.AssignStoriesAsync(chunk, ct);
        }

        var assigned = count / sw.Elapsed.TotalSeconds;

        var json = AnnotationJson.Serialize(SampleAnnotations());
        sw.Restart();
        foreach (var chunk in batch.Chunk(Batch))
        {
            await store.SaveAnnotationsAsync(chunk.Select(a => (a.Id, json)).ToList(), ct);
        }

        var annotated = count / sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(Inv, $"{name,-10} {inserted,14:N0} {reindexed,12:N0} {assigned,19:N0} {annotated,13:N0}"));
    }

    /// <summary>An annotation record of a typical news article's size (about 1.5 KB of JSON).</summary>
    private static ArticleAnnotations SampleAnnotations()
    {
        var json = """
            {"entities":[{"text":"Mohammed Shia al-Sudani","type":"person","start":10,"end":33},{"text":"Baghdad","type":"place","start":50,"end":57},
            {"text":"United Nations","type":"organization","start":80,"end":94},{"text":"Kurdistan Regional Government","type":"organization","start":120,"end":149}],
            "places":[{"text":"Baghdad","start":50,"end":57,"name":"Baghdad","geonameId":98182,"countryCode":"IQ","lat":33.34,"lon":44.40},
            {"text":"Erbil","start":300,"end":305,"name":"Erbil","geonameId":95446,"countryCode":"IQ","lat":36.19,"lon":44.01}],
            "quotes":[{"text":"We will not accept any delay in paying salaries.","speaker":"Mohammed Shia al-Sudani","start":400,"end":450}],
            "numbers":[{"text":"1.2 trillion dinars","value":1.2e12,"unit":"IQD","start":500,"end":519}],
            "dates":[{"text":"on Tuesday","value":"2025-06-03","start":600,"end":610}],
            "tone":{"tone":-1.8,"positive":2.1,"negative":3.9,"polarity":6.0,"words":412}}
            """;
        return AnnotationJson.Parse(json);
    }

    /// <summary>Part 2: broker messages per second through one connection, on a queue of the installation's kind.</summary>
    private static async Task BrokerAsync(string mq, int count)
    {
        var url = BrokerUrl.Parse(mq.TrimEnd('/') + (new Uri(mq).AbsolutePath.Length > 1 ? "" : "/") + $"?prefix=bench-ceilings-{Environment.ProcessId}");
        var ct = CancellationToken.None;
        await using var client = await BrokerClient.ConnectAsync(url, "herald-bench-ceilings", ct);
        var queue = url.Prefix + ".probe";
        await using var admin = await client.Connection.CreateChannelAsync(cancellationToken: ct);
        await admin.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
        try
        {
            // A work message of the size Herald sends (a path or URL and a few fields, about 200 bytes).
            var body = System.Text.Encoding.UTF8.GetBytes("{\"kind\":\"file\",\"path\":\"/srv/archive/2025/06/03/bbc-news-iraq-salaries-0001.html.gz\",\"source\":\"warc\",\"attempt\":0,\"queued\":\"2025-06-03T10:00:00Z\",\"pad\":\"" + new string('x', 60) + "\"}");
            Console.WriteLine($"broker, {count:N0} persistent messages of {body.Length} bytes on one durable quorum queue (as the work queues), one connection:");
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await client.PublishAsync(queue, body, ct);
            }

            var serial = count / sw.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(Inv, $"  publish as Herald does (each confirmed before the next)   {serial,8:N0} messages/s"));

            // With confirms pipelined: what one publishing connection could reach if the publisher kept 64 in flight.
            await using (var channel = await client.Connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct))
            {
                var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
                sw.Restart();
                var inFlight = new List<ValueTask>(64);
                for (var i = 0; i < count; i++)
                {
                    inFlight.Add(channel.BasicPublishAsync("", queue, mandatory: true, properties, body, ct));
                    if (inFlight.Count == 64)
                    {
                        foreach (var t in inFlight)
                        {
                            await t;
                        }

                        inFlight.Clear();
                    }
                }

                foreach (var t in inFlight)
                {
                    await t;
                }

                var pipelined = count / sw.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(Inv, $"  publish with 64 confirms in flight                          {pipelined,8:N0} messages/s"));
            }

            // Consume all 2 × count with manual acks, one ack per message, prefetch 64 (the workers' bound for batch 32).
            var total = 2 * count;
            await using (var channel = await client.Connection.CreateChannelAsync(cancellationToken: ct))
            {
                await channel.BasicQosAsync(0, 64, false, ct);
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var received = 0;
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += async (_, e) =>
                {
                    await channel.BasicAckAsync(e.DeliveryTag, multiple: false, ct);
                    if (++received == total)
                    {
                        done.TrySetResult();
                    }
                };
                sw.Restart();
                await channel.BasicConsumeAsync(queue, autoAck: false, consumer, ct);
                if (await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromMinutes(5), ct)) != done.Task)
                {
                    throw new TimeoutException($"broker: consumed {received:N0} of {total:N0} messages in 5 minutes");
                }

                var consumed = total / sw.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(Inv, $"  consume with manual acks, prefetch 64                      {consumed,8:N0} messages/s"));
            }
        }
        finally
        {
            await admin.QueueDeleteAsync(queue, cancellationToken: ct);
        }
    }

    /// <summary>Part 3: searches and topic pages at N articles, SQLite beside PostgreSQL.</summary>
    private static async Task ReadsAsync(string pg, int articles, int runs)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"herald-web-bench-{articles}-s{SqliteMigrations.All[^1].Version}-g{WebCorpusGenerator.Version}");
        var path = Path.Combine(dir, "herald.db");
        if (!File.Exists(path) || await CountAsync(SqliteStore.Open(path), dispose: true) != articles)
        {
            Console.WriteLine($"generating {articles:N0} articles into {dir} (as the web bench does)...");
            await WebCorpusGenerator.GenerateAsync(dir, articles);
        }

        var schema = $"bench_reads_{articles}_s{PostgresMigrations.All[^1].Version}_g{WebCorpusGenerator.Version}";
        var pgUrl = StoreUrl.Parse(pg + "?schema=" + schema);
        await using var sqlite = SqliteStore.Open(path);
        if (await CountAsync(await pgUrl.OpenAsync(), dispose: true) != articles)
        {
            await DropSchemaAsync(pg, schema);
            await using var empty = await pgUrl.OpenAsync();
            await LoadAsync(sqlite, empty, pg, schema, articles);
        }

        await using var postgres = await pgUrl.OpenAsync();
        {

            Console.WriteLine($"reads at {articles:N0} articles, warm (one untimed pass first), {runs} timed passes; milliseconds:");
            Console.WriteLine($"{"read",-36} {"SQLite p50",10} {"p99",7} {"PostgreSQL p50",14} {"p99",7} {"PG / SQLite p99",15}");
            var queries = WebCorpusGenerator.SearchQueries.Select(q => TopicQuery.Parse(q)).ToList();
            var topics = await sqlite.ListTopicsAsync(CancellationToken.None);
            var reads = new List<(string Name, Func<IArticleStore, Task> Read)>
            {
                ($"search, relevance ({queries.Count} queries, 50)", s => Each(queries, q => s.SearchAsync(q, new SearchOptions(50, 0, SearchSort.Relevance), CancellationToken.None))),
                ($"search, newest first ({queries.Count} queries, 50)", s => Each(queries, q => s.SearchAsync(q, new SearchOptions(50, 0, SearchSort.Newest), CancellationToken.None))),
                ($"topic page ({topics.Count} topics, newest 500)", s => Each(topics, t => new TopicPageBuilder(s, TimeProvider.System).BuildAsync(t, CancellationToken.None))),
            };
            foreach (var (name, read) in reads)
            {
                var a = await TimeAsync(sqlite, read, runs);
                var b = await TimeAsync(postgres, read, runs);
                Console.WriteLine(string.Create(Inv, $"{name,-36} {a.P50,10:N1} {a.P99,7:N1} {b.P50,14:N1} {b.P99,7:N1} {b.P99 / a.P99,14:N1}×"));
            }

            foreach (var q in WebCorpusGenerator.SearchQueries)
            {
                var query = TopicQuery.Parse(q);
                var a = await TimeAsync(sqlite, s => s.SearchAsync(query, new SearchOptions(50, 0, SearchSort.Relevance), CancellationToken.None), runs);
                var b = await TimeAsync(postgres, s => s.SearchAsync(query, new SearchOptions(50, 0, SearchSort.Relevance), CancellationToken.None), runs);
                Console.WriteLine(string.Create(Inv, $"  relevance: {Clip(q, 24),-24} {a.P50,10:N1} {a.P99,7:N1} {b.P50,14:N1} {b.P99,7:N1} {b.P99 / a.P99,14:N1}×"));
            }
        }
    }

    private static string Clip(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    /// <summary>Runs one read per item and records each item's time as one sample.</summary>
    private static async Task Each<T, TResult>(IEnumerable<T> items, Func<T, Task<TResult>> read)
    {
        foreach (var item in items)
        {
            var sw = Stopwatch.StartNew();
            await read(item);
            Samples.Value!.Add(sw.Elapsed.TotalMilliseconds);
        }
    }

    private static readonly AsyncLocal<List<double>> Samples = new();

    private static async Task<(double P50, double P99)> TimeAsync(IArticleStore store, Func<IArticleStore, Task> read, int runs)
    {
        var samples = new List<double>();
        Samples.Value = [];
        await read(store); // warm: caches, prepared plans, JIT
        Samples.Value = samples;
        for (var r = 0; r < runs; r++)
        {
            var sw = Stopwatch.StartNew();
            var before = samples.Count;
            await read(store);
            if (samples.Count == before)
            {
                samples.Add(sw.Elapsed.TotalMilliseconds);
            }
        }

        return (Percentile(samples, 0.50), Percentile(samples, 0.99));
    }

    private static async Task<(double P50, double P99)> TimeAsync<T>(IArticleStore store, Func<IArticleStore, Task<T>> read, int runs) =>
        await TimeAsync(store, async s => { await read(s); }, runs);

    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    /// <summary>Copies the generated store into PostgreSQL through the store's own upsert, printing writes/s as it grows.</summary>
    private static async Task LoadAsync(IArticleStore from, IArticleStore to, string pg, string schema, int articles)
    {
        Console.WriteLine($"loading {articles:N0} articles into PostgreSQL schema {schema} through UpsertAsync, batches of {Batch}:");
        var ct = CancellationToken.None;
        var sw = Stopwatch.StartNew();
        var lap = Stopwatch.StartNew();
        var batch = new List<Article>(Batch);
        var n = 0;
        await foreach (var a in from.ReadChronologicalAsync(null, ct))
        {
            batch.Add(a);
            if (batch.Count == Batch)
            {
                await to.UpsertAsync(batch, ct);
                n += batch.Count;
                batch.Clear();
                if (n % 100_000 == 0)
                {
                    Console.WriteLine(string.Create(Inv, $"  {n,9:N0} articles, {sw.Elapsed.TotalSeconds,5:N0} s, last 100,000 at {100_000 / lap.Elapsed.TotalSeconds,6:N0} articles/s"));
                    lap.Restart();
                }
            }
        }

        if (batch.Count > 0)
        {
            await to.UpsertAsync(batch, ct);
        }

        foreach (var t in await from.ListTopicsAsync(ct))
        {
            await to.SaveTopicAsync(t, ct);
        }

        // A bulk load leaves the planner without statistics until autovacuum comes by; a real store has them.
        await using var c = new NpgsqlConnection(StoreUrl.Parse(pg).ConnectionString);
        await c.OpenAsync(ct);
        foreach (var table in new[] { "articles", "article_ids", "article_search" })
        {
            await using var cmd = new NpgsqlCommand($"VACUUM (ANALYZE) {schema}.{table}", c) { CommandTimeout = 0 };
            await cmd.ExecuteNonQueryAsync(ct);
        }

        Console.WriteLine(string.Create(Inv, $"  loaded in {sw.Elapsed.TotalSeconds:N0} s ({articles / sw.Elapsed.TotalSeconds:N0} articles/s), vacuumed and analysed"));
    }

    private static async Task<int> CountAsync(IArticleStore store, bool dispose)
    {
        try
        {
            return (await store.SummarizeAsync(null, CancellationToken.None)).Articles;
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or NpgsqlException or HeraldException)
        {
            return -1;
        }
        finally
        {
            if (dispose && store is IAsyncDisposable d)
            {
                await d.DisposeAsync();
            }
        }
    }

    private static async Task DropSchemaAsync(string pg, string schema)
    {
        await using var c = new NpgsqlConnection(StoreUrl.Parse(pg).ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", c);
        await cmd.ExecuteNonQueryAsync();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, Inv, out var v) ? v : fallback;
    }
}
