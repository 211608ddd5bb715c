using System.Diagnostics;
using System.Globalization;
using Herald.Bench.Extract;
using Herald.Broker;
using Npgsql;

namespace Herald.Bench.Scale;

/// <summary>
/// Scale-out end to end: the 311 real pages of `bench -- pipeline` enqueued with `./herald ingest --broker`, worked by
/// 1 and then 2 `./herald worker` processes (each pinned to its own core with taskset when there is one) into a
/// fresh PostgreSQL schema, timed from the enqueue to the last worker's last line once the queues are drained (that
/// includes clustering and annotation). Prints articles/s per worker count and the scaling efficiency (rate with N
/// workers over N times the rate with one). Needs HERALD_TEST_POSTGRES and HERALD_TEST_RABBITMQ (as the tests).
/// Also prints the CPU seconds the workers and the services (PostgreSQL, RabbitMQ) used during each run and the
/// cores they kept busy: on one small machine the services share the workers' cores.
/// Options: --workers 1,2 (the counts to run).
/// </summary>
internal static class ScaleBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pg = Environment.GetEnvironmentVariable("HERALD_TEST_POSTGRES");
        var mq = Environment.GetEnvironmentVariable("HERALD_TEST_RABBITMQ");
        if (string.IsNullOrEmpty(pg) || string.IsNullOrEmpty(mq))
        {
            Console.Error.WriteLine("bench scale: needs HERALD_TEST_POSTGRES and HERALD_TEST_RABBITMQ (see README, \"The two commands\")");
            return 2;
        }

        var counts = (args.SkipWhile(a => a != "--workers").Skip(1).FirstOrDefault() ?? "1,2").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var root = ExtractBench.RepoRoot();
        var data = Path.Combine(root, "..", "shared", "data", "extraction");
        var pages = Directory.EnumerateFiles(Path.Combine(data, "scrapinghub", "html"), "*.html.gz")
            .Concat(Directory.EnumerateDirectories(Path.Combine(data, "readability-testpages", "pages")).Select(d => Path.Combine(d, "source.html.gz")).Where(File.Exists))
            .Order(StringComparer.Ordinal).ToList();
        // The test pages are all named source.html.gz: each is linked into one folder under a name of its own.
        var input = Path.Combine(Path.GetTempPath(), $"herald-bench-scale-{Environment.ProcessId}");
        Directory.CreateDirectory(input);
        for (var i = 0; i < pages.Count; i++)
        {
            File.CreateSymbolicLink(Path.Combine(input, $"{i:D4}.html.gz"), pages[i]);
        }

        var herald = Path.Combine(root, "herald");
        ExtractBench.Run(herald, ["--help"], root, TimeSpan.FromMinutes(10));
        var taskset = File.Exists("/usr/bin/taskset");
        Console.WriteLine($"scale: {pages.Count} real HTML pages through the broker into PostgreSQL, {Environment.ProcessorCount} cores{(taskset ? ", each worker pinned to its own core" : ", no taskset: workers not pinned")}");
        Console.WriteLine($"{"workers",7} {"articles",8} {"seconds",8} {"articles/s",10} {"efficiency",10} {"workers CPU s",13} {"PG+MQ CPU s",11} {"cores used",10}");
        double? one = null;
        foreach (var n in counts)
        {
            var schema = $"bench_scale_{Environment.ProcessId}_{n}";
            var store = pg + "?schema=" + schema;
            var prefix = $"bench-scale-{Environment.ProcessId}-{n}";
            var broker = mq.TrimEnd('/') + (new Uri(mq).AbsolutePath.Length > 1 ? "" : "/") + "?prefix=" + prefix;
            var lastLine = Stopwatch.StartNew();
            var workers = new List<Process>();
            try
            {
                for (var w = 0; w < n; w++)
                {
                    var psi = taskset
                        ? new ProcessStartInfo("taskset", ["-c", (w % Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture), herald])
                        : new ProcessStartInfo(herald);
                    foreach (var a in new[] { "--store", store, "--broker", broker, "worker" })
                    {
                        psi.ArgumentList.Add(a);
                    }

                    psi.RedirectStandardError = true;
                    psi.RedirectStandardOutput = true;
                    psi.WorkingDirectory = root;
                    var p = Process.Start(psi)!;
                    p.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (lastLine) { lastLine.Restart(); } } };
                    p.OutputDataReceived += (_, _) => { };
                    p.BeginErrorReadLine();
                    p.BeginOutputReadLine();
                    workers.Add(p);
                }

                var url = BrokerUrl.Parse(broker);
                await using var client = await BrokerClient.ConnectAsync(url, "bench scale", CancellationToken.None);
                await client.DeclareAsync(CancellationToken.None);
                // Timing starts once every worker is connected and has sent its first heartbeat.
                while ((await BrokerStatus.WorkersAsync(client, DateTimeOffset.UtcNow, CancellationToken.None)).Count(w => w.Alive) < n)
                {
                    await Task.Delay(500);
                }

                var servicesBefore = ServicesCpuSeconds();
                var workersBefore = workers.Sum(CpuSeconds);
                var watch = Stopwatch.StartNew();
                var enqueue = ExtractBench.Run(herald, ["--broker", broker, "ingest", input], root, TimeSpan.FromMinutes(5));
                if (enqueue.Code != 0)
                {
                    Console.Error.WriteLine($"bench scale: herald ingest --broker failed ({enqueue.Code}): {enqueue.Stderr.Trim()}");
                    return 1;
                }

                await BrokerStatus.WaitIdleAsync(client, TimeSpan.FromMinutes(30), CancellationToken.None);
                double seconds;
                lock (lastLine)
                {
                    seconds = watch.Elapsed.TotalSeconds - lastLine.Elapsed.TotalSeconds;
                }

                // Where the cores went: the workers' own CPU, and PostgreSQL's and RabbitMQ's, which share these
                // cores with them here (on the three-machine topology they have machines of their own).
                var workersCpu = workers.Sum(CpuSeconds) - workersBefore;
                var servicesCpu = ServicesCpuSeconds() - servicesBefore;
                var wall = watch.Elapsed.TotalSeconds;
                var used = (workersCpu + servicesCpu) / wall;

                long articles;
                await using (var c = new NpgsqlConnection(Herald.Storage.StoreUrl.Parse(store).ConnectionString))
                {
                    await c.OpenAsync();
                    await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM {schema}.articles", c);
                    articles = (long)(await cmd.ExecuteScalarAsync())!;
                }

                var rate = articles / seconds;
                one ??= n == 1 ? rate : null;
                var efficiency = one is { } r1 ? (rate / (n * r1)).ToString("P0", CultureInfo.InvariantCulture) : "-";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n,7} {articles,8} {seconds,8:F1} {rate,10:F1} {efficiency,10} {workersCpu,13:F1} {servicesCpu,11:F1} {used,10:F2}"));
            }
            finally
            {
                foreach (var p in workers)
                {
                    if (!p.HasExited)
                    {
                        p.Kill(entireProcessTree: true);
                    }

                    await p.WaitForExitAsync();
                }

                await using var c = new NpgsqlConnection(Herald.Storage.StoreUrl.Parse(pg).ConnectionString);
                await c.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", c);
                await drop.ExecuteNonQueryAsync();
                await using var mqc = await BrokerClient.ConnectAsync(BrokerUrl.Parse(broker), "bench scale cleanup", CancellationToken.None);
                await using var ch = await mqc.Connection.CreateChannelAsync();
                var queues = new WorkQueues(prefix);
                foreach (var name in WorkQueues.AllRoles.Select(queues.Of).Append(queues.Dead).Append(queues.Heartbeats))
                {
                    await ch.QueueDeleteAsync(name, false, false);
                }
            }
        }

        Directory.Delete(input, recursive: true);
        return 0;
    }

    private static double CpuSeconds(Process p)
    {
        try
        {
            p.Refresh();
            return p.TotalProcessorTime.TotalSeconds;
        }
        catch (InvalidOperationException)
        {
            return 0; // exited
        }
    }

    /// <summary>CPU seconds used so far by every PostgreSQL and RabbitMQ process on this machine (from /proc).</summary>
    private static double ServicesCpuSeconds()
    {
        double total = 0;
        foreach (var dir in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var comm = stat[(open + 1)..close];
                if (comm is not ("postgres" or "beam.smp" or "erl_child_setup" or "epmd" or "inet_gethost"))
                {
                    continue;
                }

                // Fields after the command: state is field 3, utime 14 and stime 15, in clock ticks (100 a second).
                var fields = stat[(close + 2)..].Split(' ');
                total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
            {
                // A process that ended while being read, or one not ours to read.
            }
        }

        return total;
    }
}
