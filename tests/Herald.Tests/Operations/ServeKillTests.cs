using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Herald.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace Herald.Tests.Operations;

/// <summary>
/// `herald serve` taking writes through its APIs (topics created, changed and deleted; webhooks registered and
/// removed; a reader app's read and starred flags) while it is killed with SIGKILL at random moments, over and over.
/// A client keeps a model of what the server acknowledged. After every kill the store (read with SQL) holds exactly
/// the acknowledged writes, plus at most the one write in flight when the kill came (whole or not at all), and its
/// invariants hold; the next server takes the remaining writes, and the last one ends with the store equal to the model.
/// </summary>
public sealed class ServeKillTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Token = "serve-kill-test-token-0123456789";
    private const string Password = "kill-test-passphrase";

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>What the client believes the store holds: acknowledged writes only.</summary>
    private sealed class Model
    {
        public SortedDictionary<string, string> Topics { get; } = new(StringComparer.Ordinal);

        public SortedSet<long> Webhooks { get; } = [];

        public SortedDictionary<long, (bool Read, bool Starred)> Flags { get; } = [];

        public Model Clone()
        {
            var m = new Model();
            foreach (var (k, v) in Topics)
            {
                m.Topics[k] = v;
            }

            m.Webhooks.UnionWith(Webhooks);
            foreach (var (k, v) in Flags)
            {
                m.Flags[k] = v;
            }

            return m;
        }
    }

    private sealed record State(List<string> Topics, List<long> Webhooks, List<string> Flags);

    private static State Of(Model m) => new(
        [.. m.Topics.Select(t => t.Key + "=" + t.Value)],
        [.. m.Webhooks],
        [.. m.Flags.Where(f => f.Value.Read || f.Value.Starred).Select(f => Flag(f.Key, f.Value.Read, f.Value.Starred))]);

    private static string Flag(long seq, bool read, bool starred) => $"{seq}:{(read ? "r" : "")}{(starred ? "s" : "")}";

    private static async Task<State> ReadAsync(string db)
    {
        await using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        await c.OpenAsync();
        async Task<List<string>> Rows(string sql)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            var rows = new List<string>();
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                rows.Add(Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture)!);
            }

            return rows;
        }

        var hooks = (await Rows("SELECT count(*) FROM sqlite_master WHERE name = 'webhooks'")).Single() == "1"
            ? (await Rows("SELECT id FROM webhooks ORDER BY id")).Select(long.Parse).ToList() : [];
        var flags = (await Rows("SELECT seq || ':' || (CASE WHEN read THEN 'r' ELSE '' END) || (CASE WHEN starred THEN 's' ELSE '' END) FROM reader_state WHERE read OR starred"))
            .OrderBy(f => long.Parse(f[..f.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture)).ToList();
        return new State(
            (await Rows("SELECT name || '=' || query FROM topics WHERE name LIKE 'k%' ORDER BY name")).Order(StringComparer.Ordinal).ToList(),
            hooks,
            flags);
    }

    private static bool Same(State a, State b) => a.Topics.SequenceEqual(b.Topics) && a.Webhooks.SequenceEqual(b.Webhooks) && a.Flags.SequenceEqual(b.Flags);

    private static string Show(State s) => $"topics [{string.Join(", ", s.Topics)}], webhooks [{string.Join(", ", s.Webhooks)}], flags [{string.Join(", ", s.Flags)}]";

    [Fact]
    public async Task Serve_killed_while_taking_writes_keeps_every_acknowledged_write_and_nothing_half_done()
    {
        var data = TestPaths.TempDir("kill-serve");
        var db = Path.Combine(data, "herald.db");
        Assert.Equal(0, (await CliHarness.RunAsync(data, "ingest", TestPaths.SampleSeedPage)).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync(data, "topic", "add", "base", "Iraq")).ExitCode);
        var env = new Dictionary<string, string> { ["HERALD_API_TOKEN"] = Token, ["HERALD_ALLOW_PRIVATE"] = "1" };
        List<long> items;
        await using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            await c.OpenAsync();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT seq FROM articles ORDER BY seq LIMIT 12";
            items = [];
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                items.Add(r.GetInt64(0));
            }
        }

        await AddUserAsync(data);

        var model = new Model();
        var random = new Random(20261210);
        var iterations = KillLoop.Iterations();
        string? readerToken = null;
        int killedWhileWriting = 0, killedAtStartup = 0, inFlightApplied = 0, inFlightLost = 0, acknowledged = 0;
        for (var i = 0; i <= iterations; i++)
        {
            var last = i == iterations;
            var port = FreePort();
            using var p = CliHarness.Start(data, ["serve", "--port", port.ToString(CultureInfo.InvariantCulture)], env);
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(90) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

            // One run in ten is killed while starting (opening the store, checking its schema); the rest once it answers.
            if (!last && random.Next(10) == 0)
            {
                await Task.Delay(random.Next(1500));
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                    killedAtStartup++;
                }

                await p.WaitForExitAsync();
                await Task.WhenAll(stdout, stderr);
                await CheckAsync(model, null);
                continue;
            }

            await WaitReadyAsync(http, p);
            if (readerToken is null)
            {
                using var login = await http.PostAsync("/api/greader/accounts/ClientLogin",
                    new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "alice", ["Passwd"] = Password }));
                var body = await login.Content.ReadAsStringAsync();
                Assert.True(login.IsSuccessStatusCode, body);
                readerToken = body.Split('\n').First(l => l.StartsWith("Auth=", StringComparison.Ordinal))[5..];
            }

            // The writes: each acknowledged one goes into the model; the one a kill interrupts is remembered.
            using var stop = new CancellationTokenSource();
            Func<Model, Model>? inFlight = null;
            var writer = Task.Run(async () =>
            {
                var n = 0;
                while (!stop.IsCancellationRequested && (!last || n < 60))
                {
                    var (apply, send) = NextWrite(model, random, items, readerToken);
                    inFlight = apply;
                    HttpResponseMessage response;
                    try
                    {
                        response = await send(http);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return;
                    }

                    using (response)
                    {
                        var text = await response.Content.ReadAsStringAsync();
                        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
                        var applied = apply(model);
                        if (applied.Webhooks.Contains(-1))
                        {
                            applied.Webhooks.Remove(-1);
                            applied.Webhooks.Add(JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64());
                        }

                        model = applied;
                        inFlight = null;
                        acknowledged++;
                        n++;
                    }
                }
            });

            if (last)
            {
                await writer;
                Assert.Empty(await StoreInvariants.AtAnyMomentAsync(db));
                Assert.Equal(Show(Of(model)), Show(await ReadAsync(db)));
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
                break;
            }

            await Task.WhenAny(writer, Task.Delay(random.Next(50, 1500)));
            p.Kill(entireProcessTree: true);
            killedWhileWriting++;
            await p.WaitForExitAsync();
            await stop.CancelAsync();
            await writer;
            await Task.WhenAll(stdout, stderr);
            var outcome = await CheckAsync(model, inFlight);
            if (outcome is { } appliedModel)
            {
                model = appliedModel;
                inFlightApplied++;
            }
            else if (inFlight is not null)
            {
                inFlightLost++;
            }
        }

        output.WriteLine($"serve: {iterations} runs: {killedWhileWriting} killed while taking writes, {killedAtStartup} while starting; " +
            $"{acknowledged} writes acknowledged, all kept; of the writes in flight at a kill {inFlightApplied} were kept whole and {inFlightLost} not at all; " +
            $"every invariant held after each; final state {Show(Of(model))}");
        Assert.True(killedWhileWriting >= iterations / 2, "too few kills landed while writing");
        Assert.True(acknowledged > iterations, "too few writes were acknowledged: the test proved little");

        // After a kill: the acknowledged state, or that state with the write in flight applied (then the returned
        // model is the new truth). A registered webhook's id is unknown to the client: it is taken from the store.
        async Task<Model?> CheckAsync(Model acked, Func<Model, Model>? pending)
        {
            var broken = await StoreInvariants.AtAnyMomentAsync(db);
            Assert.True(broken.Count == 0, string.Join("; ", broken));
            var stored = await ReadAsync(db);
            if (Same(stored, Of(acked)))
            {
                return null;
            }

            Assert.True(pending is not null, $"the store differs from the acknowledged writes with none in flight:\n  stored {Show(stored)}\n  acked  {Show(Of(acked))}");
            var withPending = pending(acked);
            if (withPending.Webhooks.Remove(-1))
            {
                var extra = stored.Webhooks.Except(acked.Webhooks).ToList();
                Assert.True(extra.Count == 1, $"a webhook registration in flight left {extra.Count} new webhooks");
                withPending.Webhooks.Add(extra[0]);
            }

            Assert.True(Same(stored, Of(withPending)),
                $"the store is neither the acknowledged state nor that state with the write in flight:\n  stored {Show(stored)}\n  acked  {Show(Of(acked))}\n  +write {Show(Of(withPending))}");
            return withPending;
        }
    }

    private static async Task AddUserAsync(string data)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliHarness.CliDll, "--data", data, "user", "add", "alice", "--password-stdin" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        await p.StandardInput.WriteAsync(Password + "\n");
        p.StandardInput.Close();
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, err);
    }

    private static async Task WaitReadyAsync(HttpClient http, Process p)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < until)
        {
            Assert.False(p.HasExited, "herald serve exited early");
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                using var r = await http.GetAsync("/healthz", cts.Token);
                if (r.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("herald serve never answered /healthz");
    }

    /// <summary>A random write: how it changes the model once acknowledged, and how to send it.</summary>
    private static (Func<Model, Model> Apply, Func<HttpClient, Task<HttpResponseMessage>> Send) NextWrite(Model model, Random random, List<long> items, string readerToken)
    {
        switch (random.Next(6))
        {
            case 0 or 1:
            {
                var name = "k" + random.Next(8).ToString(CultureInfo.InvariantCulture);
                var query = "word" + random.Next(1000).ToString(CultureInfo.InvariantCulture);
                return (m => { var c = m.Clone(); c.Topics[name] = query; return c; },
                    h => h.PutAsJsonAsync("/api/topics/" + name, new { query }));
            }

            case 2 when model.Topics.Count > 0:
            {
                var name = model.Topics.Keys.ElementAt(random.Next(model.Topics.Count));
                return (m => { var c = m.Clone(); c.Topics.Remove(name); return c; }, h => h.DeleteAsync("/api/topics/" + name));
            }

            case 3 when model.Webhooks.Count > 0 && random.Next(2) == 0:
            {
                var id = model.Webhooks.ElementAt(random.Next(model.Webhooks.Count));
                return (m => { var c = m.Clone(); c.Webhooks.Remove(id); return c; },
                    h => h.DeleteAsync("/api/webhooks/" + id.ToString(CultureInfo.InvariantCulture)));
            }

            case 3:
            {
                // The new id is the server's to give: -1 stands for it until the answer (or the store) says it.
                var url = $"http://127.0.0.1:9/hook/{random.Next(100000)}";
                return (m => { var c = m.Clone(); c.Webhooks.Add(-1); return c; },
                    h => h.PostAsJsonAsync("/api/webhooks", new { topic = "base", url }));
            }

            default:
            {
                var seq = items[random.Next(items.Count)];
                var starred = random.Next(2) == 0;
                var on = random.Next(3) > 0;
                var tag = starred ? "user/-/state/com.google/starred" : "user/-/state/com.google/read";
                return (m =>
                {
                    var c = m.Clone();
                    var f = c.Flags.GetValueOrDefault(seq);
                    c.Flags[seq] = starred ? (f.Read, on) : (on, f.Starred);
                    return c;
                }, h =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, "/api/greader/reader/api/0/edit-tag")
                    {
                        Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["i"] = seq.ToString(CultureInfo.InvariantCulture), [on ? "a" : "r"] = tag }),
                    };
                    request.Headers.Authorization = null;
                    request.Headers.TryAddWithoutValidation("Authorization", "GoogleLogin auth=" + readerToken);
                    return h.SendAsync(request);
                });
            }
        }
    }
}
