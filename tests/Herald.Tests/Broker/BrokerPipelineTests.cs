using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Tests.Cli;
using Herald.Tests.Storage;
using Xunit.Abstractions;

namespace Herald.Tests.Broker;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerCollection
{
    /// <summary>The broker tests run one at a time: the fault test restarts the broker.</summary>
    public const string Name = "broker";
}

/// <summary>
/// Scale-out against the real services: files enqueued with `herald ingest --broker`, worked by `herald worker` child
/// processes on PostgreSQL, must leave the store as one single-process `herald ingest` into SQLite leaves it: the same
/// articles, the same story partition, the same annotations; a message no worker can handle ends in the dead-letter
/// queue with its reason, which `herald status --json` shows; and workers killed with SIGKILL at random moments, with
/// the broker restarted in between, lose and duplicate nothing.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class BrokerPipelineTests(ITestOutputHelper output)
{
    /// <summary>Real pages: the extraction benchmark's HTML (every 2nd, 90 pages) and the bundled seed page (81 articles).</summary>
    private static List<string> Input()
    {
        var html = TestPaths.Data("extraction", "scrapinghub", "html");
        Skip.IfNot(Directory.Exists(html), $"{html} is missing (../shared/data)");
        var pages = Directory.GetFiles(html, "*.html.gz").Order(StringComparer.Ordinal).Where((_, i) => i % 2 == 0).ToList();
        return [.. pages, TestPaths.SampleSeedPage];
    }

    private static readonly SemaphoreSlim ReferenceLock = new(1, 1);
    private static Snapshot? _reference;

    /// <summary>The single-process answer: `herald ingest` of the input into SQLite (computed once for the class).</summary>
    private static async Task<Snapshot> ReferenceAsync(List<string> input)
    {
        await ReferenceLock.WaitAsync();
        try
        {
            if (_reference is null)
            {
                var dir = TestPaths.TempDir("broker-single");
                var run = await CliHarness.RunAsync(dir, ["ingest", .. input]);
                Assert.True(run.ExitCode == 0, run.Stderr);
                _reference = await Snapshot.TakeAsync(dir, "sqlite:" + Path.Combine(dir, "herald.db"));
                Assert.True(_reference.Articles.Count > 150, $"the reference run stored only {_reference.Articles.Count} articles");
            }

            return _reference;
        }
        finally
        {
            ReferenceLock.Release();
        }
    }

    [SkippableFact]
    public async Task Two_worker_processes_leave_the_store_as_one_single_process_ingest_does()
    {
        var input = Input();
        await using var broker = TestBroker.Create("same");
        await using var pg = TestStores.Create(TestStores.Postgres, "broker-same");
        var reference = await ReferenceAsync(input);
        await (await pg.OpenAsync()).DisposeAsync();

        var enqueue = await Cli(pg, broker, ["ingest", .. input]);
        Assert.True(enqueue.ExitCode == 0, enqueue.Stderr);
        Assert.StartsWith($"enqueued {input.Count} files to {broker.Prefix}.extract on ", enqueue.Stdout, StringComparison.Ordinal);
        // Nothing was ingested by the enqueueing command itself.
        Assert.Equal(0, await pg.CountRowsAsync("articles"));

        await using var workers = new Workers(pg, broker);
        workers.Start();
        workers.Start();
        await WaitDrainedAsync(pg, broker, workers);
        var status = await StatusJsonAsync(pg, broker);
        Assert.Equal(2, status["workers"]!.AsArray().Count(w => (bool)w!["alive"]!));
        Assert.Equal(0, (int)status["deadCount"]!);
        // Both workers did extract work: the load was shared.
        Assert.All(status["workers"]!.AsArray(), w => Assert.True((long)w!["done"]!["extract"]! > 0, workers.Log()));

        var got = await Snapshot.TakeAsync(pg.Dir, pg.Url);
        reference.AssertSame(got, workers.Log());
    }

    [SkippableFact]
    public async Task A_message_that_fails_three_times_lands_in_the_dead_letter_queue_with_its_reason_and_status_shows_it()
    {
        await using var broker = TestBroker.Create("poison");
        await using var pg = TestStores.Create(TestStores.Postgres, "broker-poison");
        var dir = TestPaths.TempDir("broker-poison-files");
        var vanishing = Path.Combine(dir, "gone.html");
        await File.WriteAllTextAsync(vanishing, "<html><body><h1>Gone</h1><p>Soon removed.</p></body></html>");
        var enqueue = await Cli(pg, broker, ["ingest", vanishing, TestPaths.SampleSeedPage]);
        Assert.True(enqueue.ExitCode == 0, enqueue.Stderr);
        // The file is gone before a worker reads it (a path the workers cannot see); and a body that is no work message.
        File.Delete(vanishing);
        await using (var client = await Herald.Broker.BrokerClient.ConnectAsync(broker.Parsed, "test", CancellationToken.None))
        {
            await client.PublishAsync(client.Queues.Of(Herald.Broker.WorkRole.Extract), "{\"path\": 7}"u8.ToArray(), CancellationToken.None);
        }

        await using var workers = new Workers(pg, broker);
        workers.Start();
        await WaitDrainedAsync(pg, broker, workers);
        // The good file was ingested beside the bad ones.
        Assert.Equal(81, await pg.CountRowsAsync("articles"));

        for (var look = 0; look < 2; look++)
        {
            // Looking twice: status peeks, the dead letters stay.
            var status = await StatusJsonAsync(pg, broker);
            Assert.Equal(2, (int)status["deadCount"]!);
            var dead = status["dead"]!.AsArray().Select(d => d!.AsObject()).OrderBy(d => (string)d["body"]!, StringComparer.Ordinal).ToList();
            Assert.Equal(2, dead.Count);
            Assert.All(dead, d => Assert.Equal(3, (int)d["failures"]!));
            Assert.All(dead, d => Assert.Equal(broker.Prefix + ".extract", (string)d["queue"]!));
            Assert.Equal("{\"file\":" + JsonSerializer.Serialize(vanishing) + "}", (string)dead[0]["body"]!);
            Assert.StartsWith(vanishing + ": no such file on ", (string)dead[0]["reason"]!, StringComparison.Ordinal);
            Assert.Equal("{\"path\": 7}", (string)dead[1]["body"]!);
            Assert.Equal("message {\"path\": 7}: is not a work message of this queue (expected {\"file\": PATH})", (string)dead[1]["reason"]!);
        }

        var text = await Cli(pg, broker, ["status"]);
        Assert.Contains("dead letters: 2", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("from " + broker.Prefix + ".extract after 3 failures", text.Stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Workers_killed_at_random_moments_and_a_broker_restart_lose_and_duplicate_nothing()
    {
        var input = Input();
        var restart = Environment.GetEnvironmentVariable(TestBroker.RestartVariable) is "1";
        if (!restart && TestBroker.UnderCi)
        {
            throw new InvalidOperationException($"CI must restart the broker in the fault test, but {TestBroker.RestartVariable} is not 1 (.ci/run sets it)");
        }

        await using var broker = TestBroker.Create("faults");
        await using var pg = TestStores.Create(TestStores.Postgres, "broker-faults");
        var reference = await ReferenceAsync(input);
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var notes = new StringBuilder($"seed {seed}\n");

        Assert.Equal(0, (await Cli(pg, broker, ["ingest", .. input])).ExitCode);
        await using var workers = new Workers(pg, broker);
        workers.Start();
        workers.Start();
        var kills = 0;
        var restarted = false;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(8);
        // Chaos until the work is done or 12 kills: every 0.5-4 s one worker is killed with SIGKILL (whatever it is doing:
        // extracting, committing, clustering, annotating, acknowledging) and a new one started; once, after the
        // third kill, the broker is restarted under the workers.
        // At most 12 kills: killed every few seconds, fresh workers (seconds to start on a loaded machine) would
        // otherwise hardly progress and the chaos would last until the deadline (one run: 130 kills, 8 minutes).
        while (DateTime.UtcNow < deadline && kills < 12)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 4000)));
            var status = await StatusJsonAsync(pg, broker, allowFailure: true);
            if (status is not null && status["queues"]!.AsArray().All(q => (int)q!["ready"]! == 0 && (long)q["held"]! == 0) && kills >= 6)
            {
                break;
            }

            var waiting = status?["queues"]!.AsArray().Sum(q => (int)q!["ready"]! + (long)q["held"]!);
            var role = workers.KillOne(random);
            kills++;
            notes.Append($"kill {kills} at {DateTime.UtcNow:HH:mm:ss.fff} ({waiting?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} messages waiting or held; the victim's last line: {role})\n");
            workers.Start();
            if (restart && !restarted && kills == 3)
            {
                await TestBroker.RestartAsync();
                restarted = true;
                notes.Append($"broker restarted at {DateTime.UtcNow:HH:mm:ss.fff}\n");
            }

            workers.Respawn();
        }

        output.WriteLine(notes.ToString());
        Assert.True(kills >= 6, $"only {kills} kills happened before the deadline\n{notes}");
        await WaitDrainedAsync(pg, broker, workers);
        var status2 = await StatusJsonAsync(pg, broker);
        Assert.True((int)status2["deadCount"]! == 0, "dead letters after the fault run: " + status2["dead"] + "\n" + workers.Log());
        var got = await Snapshot.TakeAsync(pg.Dir, pg.Url);
        reference.AssertSame(got, notes + workers.Log());
        // Nothing duplicated underneath the export either: one row per article id.
        Assert.Equal(reference.Articles.Count, await pg.CountRowsAsync("articles"));
        Assert.Equal(reference.Articles.Count, await pg.CountRowsAsync("article_ids"));
    }

    [SkippableFact]
    public async Task Fetch_with_a_broker_enqueues_the_feeds_and_a_worker_polls_them_as_fetch_does()
    {
        // One feed: the test server's feeds share their items' dates, and which of two equally old copies is the
        // original is a tie any two runs (single-process ones too) may break differently.
        const int feeds = 1, items = 12;
        await using var broker = TestBroker.Create("fetch");
        await using var pg = TestStores.Create(TestStores.Postgres, "broker-fetch");
        await using var server = await Herald.Tests.Ingest.Fetch.FaultyFeedServer.StartAsync(feeds, items);
        var single = TestPaths.TempDir("broker-fetch-single");
        for (var i = 0; i < feeds; i++)
        {
            var url = server.Url("gen/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).AbsoluteUri;
            Assert.Equal(0, (await CliHarness.RunAsync(pg.Dir, "--store", pg.Url, "add-feed", url)).ExitCode);
            Assert.Equal(0, (await CliHarness.RunAsync(single, "add-feed", url)).ExitCode);
        }

        string[] fetch = ["fetch", "--once", "--all", "--allow-private", "--host-delay-ms", "0"];
        var alone = await CliHarness.RunAsync(single, fetch);
        Assert.True(alone.ExitCode == 0, alone.Stderr);
        var reference = await Snapshot.TakeAsync(single, "sqlite:" + Path.Combine(single, "herald.db"));
        Assert.Equal(feeds * items, reference.Articles.Count);

        // Without --all, the due feeds are claimed as they are enqueued: a second run before any worker polled them
        // enqueues none. Then --all sends every feed regardless (the workers' conditional requests make the extra
        // polls cheap), which is what this test compares with the single-process run.
        string[] due = ["fetch", "--once", "--allow-private", "--host-delay-ms", "0"];
        var first = await Cli(pg, broker, due);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.StartsWith($"enqueued {feeds} of {feeds} followed feeds (those due) to ", first.Stdout, StringComparison.Ordinal);
        var second = await Cli(pg, broker, due);
        Assert.StartsWith($"enqueued 0 of {feeds} followed feeds (those due) to ", second.Stdout, StringComparison.Ordinal);
        var enqueue = await Cli(pg, broker, fetch);
        Assert.True(enqueue.ExitCode == 0, enqueue.Stderr);
        Assert.StartsWith($"enqueued {feeds} of {feeds} followed feeds (all) to {broker.Prefix}.fetch on ", enqueue.Stdout, StringComparison.Ordinal);
        await using var workers = new Workers(pg, broker, ["--allow-private", "--host-delay-ms", "0"]);
        workers.Start();
        await WaitDrainedAsync(pg, broker, workers);
        Assert.Contains("fetch: " + feeds + " sources", workers.Log(), StringComparison.Ordinal);
        Assert.True(reference.Annotations.Values.Count(a => a is not null) >= 1, "nothing was annotated");
        reference.AssertSame(await Snapshot.TakeAsync(pg.Dir, pg.Url), workers.Log(), annotatedAtLeast: 1);
    }

    [SkippableFact]
    public async Task Workers_apply_the_rules_to_what_they_store_as_single_process_ingest_does()
    {
        await using var broker = TestBroker.Create("rules");
        await using var pg = TestStores.Create(TestStores.Postgres, "broker-rules");
        var single = TestPaths.TempDir("broker-rules-single");
        string[][] rules = [["rule", "add", "drop", "Mosul"], ["rule", "add", "tag", "oil OR water", "--tag", "energy"]];
        foreach (var rule in rules)
        {
            var added = await CliHarness.RunAsync(pg.Dir, ["--store", pg.Url, .. rule]);
            Assert.True(added.ExitCode == 0, added.Stderr);
            Assert.Equal(0, (await CliHarness.RunAsync(single, rule)).ExitCode);
        }

        var alone = await CliHarness.RunAsync(single, "ingest", TestPaths.SampleSeedPage);
        Assert.True(alone.ExitCode == 0, alone.Stderr);
        var line = alone.Stdout.Split('\n').Single(l => l.StartsWith("rules: ", StringComparison.Ordinal)).Trim();
        Assert.Matches(@"^rules: [1-9]\d* dropped, [1-9]\d* tagged, 0 starred$", line);

        var enqueue = await Cli(pg, broker, ["ingest", TestPaths.SampleSeedPage]);
        Assert.True(enqueue.ExitCode == 0, enqueue.Stderr);
        await using var workers = new Workers(pg, broker);
        workers.Start();
        await WaitDrainedAsync(pg, broker, workers);
        // The stories worker applied them once, with the single process's step: the same counts, and each rule's
        // effects as `rule list` shows them on both stores.
        Assert.Contains(line, workers.Log(), StringComparison.Ordinal);
        var listPg = await CliHarness.RunAsync(pg.Dir, "--store", pg.Url, "rule", "list");
        Assert.True(listPg.ExitCode == 0, listPg.Stderr);
        Assert.Equal((await CliHarness.RunAsync(single, "rule", "list")).Stdout, listPg.Stdout);
        Assert.Equal(0, await pg.CountRowsAsync("rule_queue"));
    }

    private static async Task WaitDrainedAsync(TestStoreLocation pg, TestBroker broker, Workers workers)
    {
        for (var attempt = 0; ; attempt++)
        {
            workers.Respawn();
            var wait = await Cli(pg, broker, ["status", "--wait", "--timeout", "600"]);
            if (wait.ExitCode == 0)
            {
                return;
            }

            // A broker restart may leave a worker exiting before it could connect; the pool starts it again.
            Assert.True(attempt < 2, $"status --wait: {wait.Stderr}\n{workers.Log()}");
        }
    }

    private static async Task<JsonObject> StatusJsonAsync(TestStoreLocation pg, TestBroker broker) => (await StatusJsonAsync(pg, broker, false))!;

    private static async Task<JsonObject?> StatusJsonAsync(TestStoreLocation pg, TestBroker broker, bool allowFailure)
    {
        var run = await Cli(pg, broker, ["status", "--json", "--dead", "50"]);
        if (run.ExitCode != 0 && allowFailure)
        {
            return null;
        }

        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonNode.Parse(run.Stdout)!.AsObject();
    }

    private static Task<CliHarness.Result> Cli(TestStoreLocation pg, TestBroker broker, string[] args) =>
        CliHarness.RunAsync(pg.Dir, ["--store", pg.Url, "--broker", broker.Url, .. args]);

    /// <summary>Worker child processes, like a supervisor keeps them: started, killed, started again when they exit.</summary>
    private sealed class Workers(TestStoreLocation pg, TestBroker broker, string[]? options = null) : IAsyncDisposable
    {
        private readonly List<Process> _running = [];
        private readonly StringBuilder _log = new();
        private int _wanted;

        public void Start()
        {
            _wanted++;
            Spawn();
        }

        private void Spawn()
        {
            var p = CliHarness.Start(pg.Dir, ["--store", pg.Url, "--broker", broker.Url, "worker", .. options ?? []], null);
            p.OutputDataReceived += (_, e) => Append(p.Id, e.Data);
            p.ErrorDataReceived += (_, e) => Append(p.Id, e.Data);
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            lock (_running)
            {
                _running.Add(p);
            }
        }

        private void Append(int pid, string? line)
        {
            if (line is not null)
            {
                lock (_log)
                {
                    _log.Append(pid).Append(": ").AppendLine(line);
                }
            }
        }

        /// <summary>Kills one running worker with SIGKILL; returns the last line it wrote.</summary>
        public string KillOne(Random random)
        {
            lock (_running)
            {
                var alive = _running.Where(p => !p.HasExited).ToList();
                if (alive.Count > 0)
                {
                    var victim = alive[random.Next(alive.Count)];
                    victim.Kill();
                    victim.WaitForExit();
                    _wanted--;
                    string last;
                    lock (_log)
                    {
                        var prefix = victim.Id + ": ";
                        last = _log.ToString().Split('\n').LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..] ?? "(nothing)";
                    }

                    Append(victim.Id, "KILLED");
                    return last;
                }

                return "(none running)";
            }
        }

        /// <summary>Starts workers again until as many run as were started (one that exited is replaced).</summary>
        public void Respawn()
        {
            int running;
            lock (_running)
            {
                running = _running.Count(p => !p.HasExited);
            }

            for (var i = running; i < _wanted; i++)
            {
                Spawn();
            }
        }

        public string Log()
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }

        public async ValueTask DisposeAsync()
        {
            List<Process> all;
            lock (_running)
            {
                all = [.. _running];
            }

            foreach (var p in all)
            {
                if (!p.HasExited)
                {
                    p.Kill();
                }

                await p.WaitForExitAsync();
                p.Dispose();
            }
        }
    }

    /// <summary>What a store holds, compared without ids that only name: the articles, the story partition, the annotations.</summary>
    private sealed record Snapshot(Dictionary<string, string> Articles, HashSet<string> Partition, Dictionary<string, string?> Annotations)
    {
        public static async Task<Snapshot> TakeAsync(string dir, string store)
        {
            var file = Path.Combine(TestPaths.TempDir("broker-export"), "out.jsonl");
            var export = await CliHarness.RunAsync(dir, "--store", store, "export", "--out", file);
            Assert.True(export.ExitCode == 0, export.Stderr);
            var articles = new Dictionary<string, string>(StringComparer.Ordinal);
            var stories = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var line in await File.ReadAllLinesAsync(file))
            {
                var record = JsonNode.Parse(line)!.AsObject();
                var id = (string)record["id"]!;
                var story = (string?)record["story"] ?? id;
                record.Remove("story");
                // A second record with one id would be a duplicate: Add throws.
                articles.Add(id, record.ToJsonString());
                (stories.TryGetValue(story, out var members) ? members : stories[story] = []).Add(id);
            }

            var partition = stories.Values.Select(m => string.Join(' ', m.Order(StringComparer.Ordinal))).ToHashSet(StringComparer.Ordinal);
            var annotations = new Dictionary<string, string?>(StringComparer.Ordinal);
            await using var opened = await Herald.Storage.StoreUrl.Parse(store).OpenAsync();
            foreach (var id in articles.Keys)
            {
                annotations[id] = await opened.GetAnnotationsAsync(id, CancellationToken.None);
            }

            return new Snapshot(articles, partition, annotations);
        }

        private static string Fields(string a, string b)
        {
            var x = JsonNode.Parse(a)!.AsObject();
            var y = JsonNode.Parse(b)!.AsObject();
            return string.Join("; ", x.Select(p => p.Key).Union(y.Select(p => p.Key))
                .Where(k => x[k]?.ToJsonString() != y[k]?.ToJsonString())
                .Select(k => $"{k}: {Cut(x[k]?.ToJsonString())} against {Cut(y[k]?.ToJsonString())}"));

            static string Cut(string? s) => s is null ? "null" : s.Length > 120 ? s[..120] + "…" : s;
        }

        public void AssertSame(Snapshot got, string log, int annotatedAtLeast = 81)
        {
            Assert.True(Articles.Keys.Order(StringComparer.Ordinal).SequenceEqual(got.Articles.Keys.Order(StringComparer.Ordinal)),
                $"articles differ: {Articles.Count} against {got.Articles.Count}\n{log}");
            var changed = Articles.Where(a => got.Articles[a.Key] != a.Value).Select(a => a.Key).ToList();
            Assert.True(changed.Count == 0, changed.Count == 0 ? "" : $"{changed.Count} articles differ, e.g. {changed[0]}: {Fields(Articles[changed[0]], got.Articles[changed[0]])}");
            var onlyHere = Partition.Except(got.Partition).ToList();
            var onlyThere = got.Partition.Except(Partition).ToList();
            Assert.True(onlyHere.Count + onlyThere.Count == 0,
                $"story partitions differ ({Partition.Count} stories against {got.Partition.Count}): single process only [{string.Join(" | ", onlyHere)}], workers only [{string.Join(" | ", onlyThere)}]\n{log}");
            var annotated = Annotations.Count(a => a.Value is not null);
            Assert.True(annotated >= annotatedAtLeast, $"only {annotated} articles annotated in the reference run");
            var differing = Annotations.Where(a => got.Annotations[a.Key] != a.Value).Select(a => a.Key).ToList();
            Assert.True(differing.Count == 0, $"{differing.Count} articles' annotations differ, e.g. {differing.FirstOrDefault()}\n{log}");
        }
    }
}
