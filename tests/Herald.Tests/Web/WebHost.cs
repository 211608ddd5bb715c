using System.Net;
using System.Text.RegularExpressions;
using Herald.Cli.Commands;
using Herald.Model;
using Herald.Pipeline;
using Herald.Storage.Sqlite;
using Herald.Tests.Storage;
using Herald.Web;
using Microsoft.AspNetCore.Builder;

namespace Herald.Tests.Web;

/// <summary>
/// The real web app on 127.0.0.1 (a free port chosen by the OS) over a fresh store holding the repository's
/// sample seed page (the "Iraq" topic), plus one multi-outlet story with annotations in the Annotate format.
/// </summary>
public partial class WebHost : IAsyncLifetime
{
    public const string Token = "test-token-0123456789abcdef";
    public const string StoryId = "story-mosul-dam";

    /// <summary>An id an earlier clustering gave part of the Mosul Dam story, since merged into it.</summary>
    public const string MergedStoryId = "story-mosul-dam-merged";

    private WebApplication? _app;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "herald-web-" + Guid.NewGuid().ToString("N"));

    /// <summary>Lets webhooks target 127.0.0.1 (the tests' receivers live there).</summary>
    public bool AllowPrivateWebhooks { get; init; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public HttpClient Client { get; private set; } = new();

    /// <summary>Extra articles a fixture wants stored before the app starts (the XSS vectors, for one).</summary>
    protected virtual Task SeedMoreAsync(IArticleStore store) => Task.CompletedTask;

    /// <summary>The store the app serves: the data folder's SQLite file, or a fresh PostgreSQL schema (<see cref="TestStores"/>).</summary>
    public string StoreKind { get; init; } = TestStores.Sqlite;

    private TestStoreLocation? _postgres;

    /// <summary>Why the fixture did not start (no PostgreSQL configured), for its tests to skip with; null when it runs.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The PostgreSQL store the app serves (null on SQLite), for a test that builds another app over it.</summary>
    public Herald.Storage.StoreUrl? Postgres => _postgres?.StoreUrl;

    /// <summary>Each stored article's seq by id, and the seqs of originals (non-copies), read from the store's own table.</summary>
    public async Task<(Dictionary<string, long> Seqs, HashSet<long> Originals)> StoreFactsAsync()
    {
        var seqs = new Dictionary<string, long>();
        var originals = new HashSet<long>();
        System.Data.Common.DbConnection connection = _postgres is null
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataDirectory, "herald.db")};Mode=ReadOnly;Pooling=False")
            : await _postgres.ConnectAsync();
        await using (connection)
        {
            if (connection.State != System.Data.ConnectionState.Open)
            {
                await connection.OpenAsync();
            }

            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT id, seq, CASE WHEN duplicate_of IS NULL THEN 1 ELSE 0 END FROM articles";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                seqs[r.GetString(0)] = r.GetInt64(1);
                if (Convert.ToInt64(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) == 1)
                {
                    originals.Add(r.GetInt64(1));
                }
            }
        }

        return (seqs, originals);
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Herald.slnx not found above " + AppContext.BaseDirectory);
    }

    public async Task InitializeAsync()
    {
        if (StoreKind == TestStores.Postgres)
        {
            try
            {
                TestStores.PostgresUrl();
            }
            catch (SkipException e)
            {
                // A fixture cannot skip; its tests do, with this reason.
                Unavailable = e.Message;
                return;
            }

            _postgres = TestStores.Create(TestStores.Postgres, "web-host");
            Directory.CreateDirectory(DataDirectory);
        }

        await using (var store = _postgres is null ? SqliteStore.OpenFolder(DataDirectory) : await _postgres.OpenAsync())
        {
            await SeedAsync(store, CancellationToken.None);
            await SeedMoreAsync(store);
        }

        // Many tests of one fixture sign in within a minute; the sign-in limit has a test of its own.
        _app = HeraldWebApp.Build(new WebOptions(
            DataDirectory, Port: 0, ApiToken: Token, AllowPrivateWebhooks: AllowPrivateWebhooks, SignInAttemptsPerMinute: 10_000, Postgres: _postgres?.StoreUrl));
        await _app.StartAsync();
        BaseAddress = HeraldWebApp.BaseAddress(_app);
        Client = NewClient();
    }

    /// <summary>A client with its own cookie jar that does not follow redirects (tests look at them).</summary>
    public HttpClient NewClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = BaseAddress };

    public static async Task SeedAsync(IArticleStore store, CancellationToken ct)
    {
        await IngestCommand.IngestAsync(store, [Path.Combine(RepoRoot(), "samples")], ct);
        await store.SaveTopicAsync(new Topic("Iraq", "Iraq", DateTimeOffset.UtcNow), ct);

        var day = new DateTimeOffset(2025, 7, 9, 8, 0, 0, TimeSpan.Zero);
        const string body = "Iraqi engineers said on Tuesday that the Mosul Dam needs 300 million dollars of repairs.\n\n" +
                            "\"The foundation is eroding faster than we can grout it,\" said Nadhir al-Ansari, a professor at Lulea University.\n\n" +
                            "The World Bank sent a team to Baghdad.";
        string[] outlets = ["Reuters", "Al Jazeera", "BBC News"];
        var batch = outlets.Select((o, i) => new Article
        {
            Id = "mosul-" + i,
            Url = $"https://news{i}.example.com/mosul-dam",
            Title = i == 1 ? "Mosul Dam repairs will cost $300 million, engineers say" : "Engineers warn Mosul Dam needs urgent repairs",
            Outlet = o,
            Authors = ["Jane Doe"],
            Published = day.AddHours(i * 5),
            Language = "en",
            Text = body,
        }).ToList();
        await store.UpsertAsync(batch, ct);
        await store.AssignStoriesAsync(batch.Select((a, i) => new StoryAssignment(a.Id, StoryId, null, i == 2 ? day.AddYears(-1) : null)).ToList(), ct);
        foreach (var a in batch)
        {
            await store.SaveAnnotationsAsync(a.Id, Annotations(body), ct);
        }

        await ((IStoryStore)store).ApplyStoryChangesAsync([], [(MergedStoryId, StoryId)], [], ct);
    }

    /// <summary>Annotations in DESIGN.md's record format, with offsets found in the body.</summary>
    private static string Annotations(string body)
    {
        string Span(string text, Func<int, int, string> make)
        {
            var start = body.IndexOf(text, StringComparison.Ordinal);
            return make(start, start + text.Length);
        }

        var quote = "\"The foundation is eroding faster than we can grout it,\"";
        var entities = new[]
        {
            Span("Nadhir al-Ansari", (s, e) => $$"""{"text":"Nadhir al-Ansari","type":"PERSON","start":{{s}},"end":{{e}},"name":"Nadhir al-Ansari"}"""),
            Span("World Bank", (s, e) => $$"""{"text":"World Bank","type":"ORG","start":{{s}},"end":{{e}},"name":"World Bank"}"""),
            Span("Lulea University", (s, e) => $$"""{"text":"Lulea University","type":"ORG","start":{{s}},"end":{{e}},"name":"Luleå University of Technology"}"""),
        };
        var places = new[]
        {
            Span("Mosul", (s, e) => $$"""{"text":"Mosul","start":{{s}},"end":{{e}},"name":"Mosul","geonameId":99072,"countryCode":"IQ","lat":36.335,"lon":43.1189}"""),
            Span("Baghdad", (s, e) => $$"""{"text":"Baghdad","start":{{s}},"end":{{e}},"name":"Baghdad","geonameId":98182,"countryCode":"IQ","lat":33.3406,"lon":44.4009}"""),
        };
        var quotes = Span(quote, (s, e) =>
        {
            var sp = body.IndexOf("Nadhir al-Ansari", StringComparison.Ordinal);
            return $$"""{"text":{{System.Text.Json.JsonSerializer.Serialize(quote)}},"start":{{s}},"end":{{e}},"speaker":"Nadhir al-Ansari","speakerStart":{{sp}},"speakerEnd":{{sp + 16}},"cue":"said"}""";
        });
        var amounts = Span("300 million dollars", (s, e) => $$"""{"text":"300 million dollars","start":{{s}},"end":{{e}},"value":300000000,"object":"dollars"}""");
        // "on Tuesday" in an article of Wednesday 9 July 2025: the Tuesday before.
        var dates = Span("Tuesday", (s, e) => $$"""{"text":"Tuesday","start":{{s}},"end":{{e}},"value":"2025-07-08"}""");
        const string tone = """{"tone":-3.2,"positive":1.1,"negative":4.3,"polarity":5.4,"wordCount":40}""";
        return $$"""{"entities":[{{string.Join(',', entities)}}],"places":[{{string.Join(',', places)}}],"quotes":[{{quotes}}],"amounts":[{{amounts}}],"dates":[{{dates}}],"events":[],"tone":{{tone}}}""";
    }

    /// <summary>Fetches a form page and returns its antiforgery token (the cookie stays in the client's jar).</summary>
    public static async Task<string> FormTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return TokenField().Match(html).Groups[1].Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
