using System.Diagnostics;
using System.Globalization;
using System.Text;
using Herald.Pipeline;
using Herald.Storage.Sqlite;
using Herald.Web;
using Microsoft.Data.Sqlite;

namespace Herald.Bench.Web;

/// <summary>
/// `web [--articles N] [--dir DIR] [--requests N] [--seconds S] [--concurrency C] [--profile [--page-only]] [--topic-only]`: fills a SQLite store
/// with N generated articles (default 1,000,000, about 40 s; kept under the temp folder keyed by N, schema version and
/// generator version, and reused while it matches), starts the real web app on 127.0.0.1, and prints startup time,
/// memory, topic-page / search / API latency p50 and p99 (overall and per query), and requests per second under a
/// bounded local load. The store is generated in a child process so the serving figures describe a fresh server,
/// not one that just generated a million rows. `--profile` skips HTTP and times the store calls a search makes
/// (`--profile --page-only`: only the CPU of each step of a search results page); `--topic-only` times only the
/// topic and article pages.
/// </summary>
internal static class WebBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var articles = IntArg(args, "--articles", 1_000_000);
        // The generated store is kept between runs, keyed by size, schema and generator version, so a run after a
        // schema change or a generator change never measures a stale file.
        var dir = StrArg(args, "--dir") ?? Path.Combine(Path.GetTempPath(), $"herald-web-bench-{articles}-s{SqliteMigrations.All[^1].Version}-g{WebCorpusGenerator.Version}");
        var requests = IntArg(args, "--requests", 300);
        var seconds = IntArg(args, "--seconds", 10);
        var concurrency = IntArg(args, "--concurrency", 4);
        if (args.Contains("--generate-only"))
        {
            await WebCorpusGenerator.GenerateAsync(dir, articles);
            return 0;
        }

        if (await StoredCountAsync(dir) != articles)
        {
            Console.WriteLine($"generating {articles:N0} articles into {dir} (child process)...");
            var sw = Stopwatch.StartNew();
            var info = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            {
                info.ArgumentList.Add(typeof(WebBench).Assembly.Location);
            }

            foreach (var a in new[] { "web", "--generate-only", "--articles", articles.ToString(Inv), "--dir", dir })
            {
                info.ArgumentList.Add(a);
            }

            var child = Process.Start(info)!;
            await child.WaitForExitAsync();
            if (child.ExitCode != 0)
            {
                Console.Error.WriteLine("generation failed");
                return 1;
            }

            Console.WriteLine($"generated in {sw.Elapsed.TotalSeconds:F1} s ({articles / sw.Elapsed.TotalSeconds:N0} articles/s); store {new FileInfo(Path.Combine(dir, "herald.db")).Length / 1048576.0:N0} MiB");
        }
        else
        {
            Console.WriteLine($"reusing {dir} ({articles:N0} articles, {new FileInfo(Path.Combine(dir, "herald.db")).Length / 1048576.0:N0} MiB)");
        }

        if (args.Contains("--profile"))
        {
            if (args.Contains("--page-only"))
            {
                await ProfilePageAsync(Path.Combine(dir, "herald.db"), requests);
            }
            else
            {
                await ProfileStoreAsync(Path.Combine(dir, "herald.db"), requests);
            }

            return 0;
        }

        var startup = Stopwatch.StartNew();
        await using var app = HeraldWebApp.Build(new WebOptions(dir, Port: 0));
        await app.StartAsync();
        var baseAddress = HeraldWebApp.BaseAddress(app);
        using var client = new HttpClient { BaseAddress = baseAddress };
        (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();
        var ready = startup.Elapsed;
        (await client.GetAsync("/topics/Iraq")).EnsureSuccessStatusCode();
        var firstPage = startup.Elapsed - ready;
        Console.WriteLine($"startup: {ready.TotalMilliseconds:F0} ms to answer /healthz; first topic page {firstPage.TotalMilliseconds:F0} ms (cold)");
        Console.WriteLine($"memory after startup: working set {Environment.WorkingSet / 1048576.0:F0} MiB{ResidentSplit()}, GC heap {GC.GetTotalMemory(false) / 1048576.0:F0} MiB");

        var topicPaths = new[] { "/topics/Iraq", "/topics/Oil", "/topics/Elections" };
        var searchPaths = WebCorpusGenerator.SearchQueries.Select(q => "/search?q=" + Uri.EscapeDataString(q)).ToArray();
        var searchNewest = WebCorpusGenerator.SearchQueries.Select(q => "/search?sort=newest&q=" + Uri.EscapeDataString(q)).ToArray();
        var apiPaths = WebCorpusGenerator.SearchQueries.Select(q => "/api/search?q=" + Uri.EscapeDataString(q)).ToArray();
        var articlePaths = Enumerable.Range(0, 50).Select(i => "/articles/g" + ((i * 7919L) % articles).ToString(Inv)).ToArray();

        Console.WriteLine($"latency over {requests} sequential requests each (after 100 warm-up), 127.0.0.1:");
        // CPU per request (this process: server and client) says what a request costs whatever else the machine runs;
        // on a shared, loaded machine the wall-clock percentiles mostly measure waiting for a core.
        Console.WriteLine("  endpoint                     p50 ms   p99 ms   max ms   CPU ms/request");
        var all = new List<(string Name, double P99)>();
        var topicOnly = args.Contains("--topic-only");
        foreach (var (name, paths) in new[]
                 {
                     ("topic page", topicPaths), ("search (relevance)", searchPaths), ("search (newest)", searchNewest),
                     ("api search (json)", apiPaths), ("article page", articlePaths),
                 })
        {
            if (topicOnly && name is not ("topic page" or "article page"))
            {
                continue;
            }

            // 100 warm-up requests per endpoint: the first ones after startup run code the JIT has not optimised yet.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var lat = await LatenciesAsync(client, paths, requests, warmUp: 100);
            var cpuPer = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / (requests + 100);
            Console.WriteLine($"  {name,-26} {Pct(lat, 50),7:F1}  {Pct(lat, 99),7:F1}  {lat[^1],7:F1}  {cpuPer,9:F2}");
            all.Add((name, Pct(lat, 99)));
        }

        if (topicOnly)
        {
            await app.StopAsync();
            return 0;
        }

        Console.WriteLine("per query (p50 / p99 ms over 20 requests): results page with facets | newest-first page with facets | JSON API without facets | matches");
        Console.WriteLine("(the last four only here, not in the figures above: filters on language and dates, a phrase, AND of two topical words)");
        foreach (var q in WebCorpusGenerator.SearchQueries.Concat(WebCorpusGenerator.ExtraQueries))
        {
            var page = await LatenciesAsync(client, ["/search?q=" + Uri.EscapeDataString(q)], 20);
            var newestPage = await LatenciesAsync(client, ["/search?sort=newest&q=" + Uri.EscapeDataString(q)], 20);
            var json = await LatenciesAsync(client, ["/api/search?size=1&q=" + Uri.EscapeDataString(q)], 20);
            var results = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/search?size=1&q=" + Uri.EscapeDataString(q))).RootElement;
            var total = results.GetProperty("results").GetProperty("total").GetInt32();
            var plus = results.GetProperty("totalIsLowerBound").GetBoolean() ? "+" : " ";
            Console.WriteLine($"  {q,-38} {Pct(page, 50),6:F1} / {Pct(page, 99),6:F1} | {Pct(newestPage, 50),6:F1} / {Pct(newestPage, 99),6:F1} | {Pct(json, 50),6:F1} / {Pct(json, 99),6:F1} | {total,8:N0}{plus}");
        }

        var mix = topicPaths.Concat(searchPaths).Concat(apiPaths).Concat(articlePaths).ToArray();
        foreach (var (name, paths) in new[] { ("mixed pages", mix), ("article pages", articlePaths) })
        {
            var (count, elapsed) = await LoadAsync(baseAddress, paths, concurrency, TimeSpan.FromSeconds(seconds));
            Console.WriteLine($"load, {name}: {count:N0} requests in {elapsed.TotalSeconds:F1} s with {concurrency} clients = {count / elapsed.TotalSeconds:N0} requests/s");
        }

        using var self = Process.GetCurrentProcess();
        Console.WriteLine($"memory after load: working set {Environment.WorkingSet / 1048576.0:F0} MiB (peak {self.PeakWorkingSet64 / 1048576.0:F0} MiB){ResidentSplit()}, GC heap {GC.GetTotalMemory(false) / 1048576.0:F0} MiB");
        foreach (var (name, p99) in all.Where(x => x.Name is "topic page" or "search (relevance)" or "search (newest)"))
        {
            Console.WriteLine($"target p99 < 50 ms, {name}: {(p99 < 50 ? "met" : "NOT met")} ({p99:F1} ms)");
        }

        await app.StopAsync();
        return 0;
    }

    /// <summary>
    /// `--profile`: the store calls a search page makes, timed one by one without HTTP (a store opened per call,
    /// as the web app does), so a slow search shows which part is slow.
    /// </summary>
    private static async Task ProfileStoreAsync(string db, int n)
    {
        await ProfilePageAsync(db, n);

        foreach (var (pooled, mapped) in new[] { (false, true), (true, true), (true, false) })
        {
            await ProfileStoreAsync(db, n, pooled, mapped);
        }

        // The queries in turn, as the latency figures ask for them: each one's pages must survive the others'.
        foreach (var (pooled, mapped) in new[] { (true, true), (true, false), (true, true), (true, false) })
        {
            var queries = WebCorpusGenerator.SearchQueries.Select(Herald.Query.TopicQuery.Parse).ToArray();
            var rel = new double[n * 4];
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = -16; i < rel.Length; i++)
            {
                var sw = Stopwatch.StartNew();
                await using var store = SqliteStore.Open(db, pooled);
                if (mapped)
                {
                    store.MapForReading();
                }

                var query = queries[(i + 16) % queries.Length];
                await store.SearchBoundedAsync(query, new SearchOptions(20, 0, SearchSort.Relevance, Snippets: true), 10_000, CancellationToken.None);
                await store.FacetsAsync(query, 10, 2_000, CancellationToken.None);
                if (i >= 0)
                {
                    rel[i] = sw.Elapsed.TotalMilliseconds;
                }
            }

            var cpuPer = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds / (rel.Length + 16);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Array.Sort(rel);
            Console.WriteLine($"queries in turn, relevance + facets, {(mapped ? "file mapped" : "page cache only")}: p50 {Pct(rel, 50):F1} ms, p99 {Pct(rel, 99):F1} ms, CPU {cpuPer:F2} ms per query");
        }
    }

    /// <summary>
    /// The CPU a search results page spends in each step, as the page endpoint runs them (pooled connections, file
    /// mapped): the bounded search, the facets, reading the hits' annotations, summing them, rendering the HTML.
    /// CPU, not wall time, so the split holds on a machine busy with other work.
    /// </summary>
    private static async Task ProfilePageAsync(string db, int n)
    {
        var steps = new[] { "search", "facets", "annotations read", "annotations summed", "html" };
        var cpu = new double[steps.Length];
        var queries = WebCorpusGenerator.SearchQueries.Select(Herald.Query.TopicQuery.Parse).ToArray();
        var calls = 0;
        for (var i = -16; i < n * queries.Length; i++)
        {
            var q = queries[(i + 16) % queries.Length];
            await using var store = SqliteStore.Open(db, true);
            store.MapForReading();
            var t = Process.GetCurrentProcess().TotalProcessorTime;
            void Step(int k)
            {
                var now = Process.GetCurrentProcess().TotalProcessorTime;
                if (i >= 0)
                {
                    cpu[k] += (now - t).TotalMilliseconds;
                }

                t = now;
            }

            var results = await store.SearchBoundedAsync(q, new SearchOptions(20, 0, SearchSort.Relevance, Snippets: true), 10_000, CancellationToken.None);
            Step(0);
            var facets = await store.FacetsAsync(q, 10, Herald.Web.Pages.PageEndpoints.FacetCap, CancellationToken.None);
            Step(1);
            var json = await store.GetAnnotationsAsync(results.Hits.Select(h => h.Article.Id).ToList(), CancellationToken.None);
            Step(2);
            var ann = Herald.Web.Html.AnnotationSummary.From(json, 8);
            Step(3);
            _ = Herald.Web.Html.SearchHtml.Render(new Herald.Web.Html.SearchView(q.Text, "relevance", 1, 20, results, facets, ann, null));
            Step(4);
            calls += i >= 0 ? 1 : 0;
        }

        Console.WriteLine($"search page, CPU ms per page by step over {calls} pages (the {queries.Length} queries in turn, pooled, file mapped):");
        Console.WriteLine("  " + string.Join("  ", steps.Select((name, k) => $"{name} {cpu[k] / calls:F2}")) + $"  total {cpu.Sum() / calls:F2}");
    }

    private static async Task ProfileStoreAsync(string db, int n, bool pooled, bool mapped)
    {
        Console.WriteLine($"store calls per query, p50 / p99 ms over {n} calls each (a store opened per call, as per request; {(pooled ? "pooled" : "fresh")} connections, {(mapped ? "file mapped" : "page cache only")}):");
        Console.WriteLine("  query                            open      relevance   facets after it    newest alone");
        foreach (var q in WebCorpusGenerator.SearchQueries)
        {
            var query = Herald.Query.TopicQuery.Parse(q);
            var open = new double[n];
            var rel = new double[n];
            var newest = new double[n];
            var facets = new double[n];
            for (var i = -3; i < n; i++)
            {
                var sw = Stopwatch.StartNew();
                double tOpen, tRel, tFacets, tNewest;
                await using (var store = SqliteStore.Open(db, pooled))
                {
                    if (mapped)
                    {
                        store.MapForReading();
                    }

                    tOpen = sw.Elapsed.TotalMilliseconds;
                    await store.SearchBoundedAsync(query, new SearchOptions(20, 0, SearchSort.Relevance, Snippets: true), 10_000, CancellationToken.None);
                    tRel = sw.Elapsed.TotalMilliseconds - tOpen;
                    // Facets right after the results, as a results page asks for them (they may reuse the results' walk).
                    var before = sw.Elapsed.TotalMilliseconds;
                    await store.FacetsAsync(query, 10, 2_000, CancellationToken.None);
                    tFacets = sw.Elapsed.TotalMilliseconds - before;
                }

                await using (var store = SqliteStore.Open(db, pooled))
                {
                    if (mapped)
                    {
                        store.MapForReading();
                    }

                    var before = sw.Elapsed.TotalMilliseconds;
                    await store.SearchBoundedAsync(query, new SearchOptions(20, 0, SearchSort.Newest, Snippets: true), 10_000, CancellationToken.None);
                    tNewest = sw.Elapsed.TotalMilliseconds - before;
                }

                if (i >= 0)
                {
                    (open[i], rel[i], facets[i], newest[i]) = (tOpen, tRel, tFacets, tNewest);
                }
            }

            // The next configuration starts from closed connections.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            static string F(double[] a)
            {
                Array.Sort(a);
                return $"{Pct(a, 50),5:F1} / {Pct(a, 99),5:F1}";
            }

            Console.WriteLine($"  {q,-30} {F(open)}  {F(rel)}  {F(facets)}  {F(newest)}");
        }
    }

    private static async Task<double[]> LatenciesAsync(HttpClient client, string[] paths, int n, int warmUp = 10)
    {
        for (var i = 0; i < warmUp; i++)
        {
            (await client.GetAsync(paths[i % paths.Length])).EnsureSuccessStatusCode();
        }

        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sw = Stopwatch.StartNew();
            using var response = await client.GetAsync(paths[i % paths.Length]);
            await response.Content.ReadAsByteArrayAsync();
            result[i] = sw.Elapsed.TotalMilliseconds;
            response.EnsureSuccessStatusCode();
        }

        Array.Sort(result);
        return result;
    }

    private static async Task<(long Count, TimeSpan Elapsed)> LoadAsync(Uri baseAddress, string[] paths, int concurrency, TimeSpan duration)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = baseAddress };
        long count = 0;
        var sw = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var i = w;
            while (sw.Elapsed < duration)
            {
                using var response = await client.GetAsync(paths[i++ % paths.Length]);
                await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref count);
            }
        });
        await Task.WhenAll(workers);
        return (count, sw.Elapsed);
    }

    /// <summary>
    /// The working set split into the process's own memory and pages of the mapped store file (Linux): reads map
    /// the store, so every page a request touched counts as resident although it is the OS's shared file cache.
    /// </summary>
    private static string ResidentSplit()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return "";
        }

        var fields = File.ReadAllLines(status).Select(l => l.Split(':', 2)).Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1].Trim(), StringComparer.Ordinal);
        static string MiB(string? kb) => kb is null ? "?" : (long.Parse(kb.Split(' ')[0], Inv) / 1024.0).ToString("F0", Inv);
        return $" = {MiB(fields.GetValueOrDefault("RssAnon"))} MiB own + {MiB(fields.GetValueOrDefault("RssFile"))} MiB mapped files";
    }

    private static double Pct(double[] sorted, int p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1)];

    private static async Task<long> StoredCountAsync(string dir)
    {
        var path = Path.Combine(dir, "herald.db");
        if (!File.Exists(path))
        {
            return -1;
        }

        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA user_version";
        if (Convert.ToInt64(await cmd.ExecuteScalarAsync() ?? -1L, Inv) != SqliteMigrations.All[^1].Version)
        {
            return -1;
        }

        // The last step of generation adds the topic 'Elections': without it the file is a half-written one.
        cmd.CommandText = "SELECT CASE WHEN EXISTS (SELECT 1 FROM topics WHERE name = 'Elections') THEN (SELECT max(seq) FROM articles) ELSE -1 END";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync() ?? -1L, Inv);
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, Inv, out var v) ? v : fallback;
    }

    private static string? StrArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

/// <summary>
/// Generates a news-like corpus straight into the SQLite schema: Zipf-distributed words, 400 outlets, stories of
/// 1-12 articles, two years of dates, 85% English. The FTS index is built once at the end ('rebuild'), as
/// the store itself does per batch, and keys are the store's own 64-bit hashes of each article's identity key.
/// </summary>
internal static class WebCorpusGenerator
{
    /// <summary>Bump when the generated rows change, so cached stores from an older generator are not reused.</summary>
    public const int Version = 2;

    public static readonly string[] SearchQueries =
    [
        "Iraq", "\"Mosul Dam\"", "oil AND Iraq", "Baghdad OR Basra", "government -Syria", "election NOT Iraq", "(Kurdistan OR Erbil) AND oil", "outlet:\"Outlet 7\" Iraq",
    ];

    /// <summary>Other kinds of query, timed one by one but kept out of the headline figures so runs stay comparable.</summary>
    public static readonly string[] ExtraQueries =
    [
        "Iraq lang:fr", "oil after:2025-06-01 before:2025-06-30", "\"ceasefire talks\"", "drought AND refugees",
    ];

    private static readonly string[] Topical =
    [
        "Iraq", "Iraqi", "Baghdad", "Basra", "Mosul", "Dam", "Kurdistan", "Erbil", "Syria", "oil", "election", "government", "minister", "parliament",
        "militia", "army", "strike", "drone", "protest", "economy", "bank", "water", "drought", "refugees", "court", "president", "talks", "ceasefire",
    ];

    public static async Task GenerateAsync(string dir, int count)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "herald.db");
        foreach (var f in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(f);
        }

        await using (var store = SqliteStore.Open(path))
        {
            await store.SaveTopicAsync(new Topic("Iraq", "Iraq", DateTimeOffset.UtcNow), CancellationToken.None);
            await store.SaveTopicAsync(new Topic("Oil", "oil AND (Basra OR Kurdistan)", DateTimeOffset.UtcNow), CancellationToken.None);
        }

        var sw = Stopwatch.StartNew();
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await c.OpenAsync();
        Exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");
        var rng = new Random(20250708);
        var vocabulary = Enumerable.Range(0, 20_000).Select(i => Word(rng, i)).ToArray();
        var outlets = Enumerable.Range(0, 400).Select(i => "Outlet " + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        string[] langs = ["en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "fr", "de", "ar"];
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        const long twoYears = 730L * 86_400_000;
        var tx = c.BeginTransaction();
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO articles (seq, id, key, url, title, authors, published, outlet, outlet_key, language, text, story, first_seen, content_hash)
            VALUES ($seq, $id, $key, $url, $title, '[]', $pub, $outlet, $okey, $lang, $text, $story, $pub, $id)
            """;
        var keyParameter = cmd.Parameters.Add("$key", SqliteType.Integer);
        var ps = new[] { "$seq", "$id", "$url", "$title", "$pub", "$outlet", "$okey", "$lang", "$text", "$story" }.Select(n => cmd.Parameters.Add(n, SqliteType.Text)).ToArray();
        cmd.Prepare();
        var story = 0;
        var storyLeft = 0;
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (storyLeft == 0)
            {
                story++;
                storyLeft = 1 + (int)(12 * Math.Pow(rng.NextDouble(), 3));
            }

            storyLeft--;
            var id = "g" + i.ToString(CultureInfo.InvariantCulture);
            var outlet = outlets[(int)(outlets.Length * Math.Pow(rng.NextDouble(), 2))];
            // Time grows with the row number (as ingestion does), with jitter inside a day.
            var pub = start + (twoYears * i / count) + rng.NextInt64(86_400_000);
            var title = Sentence(rng, vocabulary, 7 + rng.Next(6), sb);
            sb.Clear();
            for (var p = 0; p < 3; p++)
            {
                sb.Append(p > 0 ? "\n\n" : "").Append(Sentence(rng, vocabulary, 12 + rng.Next(10), new StringBuilder()));
            }

            ps[0].Value = i + 1;
            ps[1].Value = id;
            var url = "https://news.example.com/" + id;
            keyParameter.Value = SqliteStore.KeyHash("url:" + (Herald.Text.UrlCanonicalizer.WebIdentityKey(url) ?? url));
            ps[2].Value = url;
            ps[3].Value = title;
            ps[4].Value = pub;
            ps[5].Value = outlet;
            ps[6].Value = Herald.Text.OutletRegistry.KeyOf(outlet);
            ps[7].Value = langs[rng.Next(langs.Length)];
            ps[8].Value = sb.ToString();
            ps[9].Value = "s" + story.ToString(CultureInfo.InvariantCulture);
            cmd.ExecuteNonQuery();
            if ((i + 1) % 100_000 == 0)
            {
                tx.Commit();
                tx.Dispose();
                tx = c.BeginTransaction();
                cmd.Transaction = tx;
                Console.WriteLine($"  {i + 1:N0} rows, {sw.Elapsed.TotalSeconds:F0} s");
            }
        }

        tx.Commit();
        tx.Dispose();
        Console.WriteLine($"  rows written in {sw.Elapsed.TotalSeconds:F0} s; building the full-text index...");
        Exec(c, "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');");
        Console.WriteLine($"  index built at {sw.Elapsed.TotalSeconds:F0} s; optimising...");
        Exec(c, "INSERT INTO articles_fts(articles_fts) VALUES ('optimize');");
        // No insert trigger to restore: the store indexes new rows itself, once per upsert batch.
        Exec(c, """
            INSERT INTO topics(name, query, created) VALUES ('Elections', 'election AND (parliament OR president)', 0);
            PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;
            """);
        Console.WriteLine($"  done in {sw.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Topical words at about 1 in 100 positions (so "Iraq" lands in roughly 6% of articles), the rest Zipfian.</summary>
    private static string Sentence(Random rng, string[] vocabulary, int words, StringBuilder sb)
    {
        sb.Clear();
        for (var w = 0; w < words; w++)
        {
            var word = rng.Next(100) == 0 ? Topical[(int)(Topical.Length * Math.Pow(rng.NextDouble(), 1.5))] : vocabulary[(int)(vocabulary.Length * Math.Pow(rng.NextDouble(), 4))];
            sb.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(w == words - 1 ? "." : " ");
        }

        return sb.ToString();
    }

    private static string Word(Random rng, int i)
    {
        const string consonants = "bcdfghjklmnprstvwz", vowels = "aeiou";
        var len = 2 + (i % 4) + rng.Next(3);
        var chars = new char[len];
        for (var k = 0; k < len; k++)
        {
            chars[k] = k % 2 == 0 ? consonants[rng.Next(consonants.Length)] : vowels[rng.Next(vowels.Length)];
        }

        return new string(chars);
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        cmd.ExecuteNonQuery();
    }
}
