using System.Net;
using System.Text.Json;
using Herald.Cli.Commands;
using Herald.Pipeline;
using Herald.Storage.Sqlite;
using Herald.Tests.Storage;

namespace Herald.Tests.Web.GReader;

/// <summary>
/// The web app over WebHost's store (the sample seed page, the "Iraq" topic) plus one report carried word for word
/// by three outlets, ingested through the real pipeline so copy detection marks two of them as copies of the first;
/// one followed feed whose polls stored two articles; and reader accounts, one per test that changes state.
/// </summary>
public class ReaderHost : WebHost
{
    public const string Password = "correct horse battery";
    public const string FeedUrl = "https://feeds.example.org/world.xml";
    public static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin", "frank", "newsboat", "fever-a", "fever-b", "fever-c", "grace"];

    /// <summary>Accounts whose Fever key is stored as `herald user add` stores it ("grace" gets hers at sign-in).</summary>
    public static readonly string[] FeverUsers = ["fever-a", "fever-b", "fever-c"];

    public const string CopiesBody =
        "Iraq's parliament voted on Sunday to approve a new water-sharing plan for the Tigris and Euphrates after months of drought that left farmers in the south without irrigation. " +
        "The plan, drafted by the water ministry with engineers from Basra and Baghdad, sets monthly quotas for each province and creates a commission to negotiate releases from upstream dams in Turkey.\n\n" +
        "Lawmakers from the southern provinces said the quotas would let rice and wheat growers plant again this season. \"We have waited two years for this,\" said one member from Dhi Qar. " +
        "The ministry said it would publish the first quotas next week and review them every three months as river levels change.\n\n" +
        "Environmental groups welcomed the vote but warned that the marshes of southern Iraq, a UNESCO World Heritage site, still receive too little water to recover.";

    protected override async Task SeedMoreAsync(IArticleStore store)
    {
        var ct = CancellationToken.None;
        var file = Path.Combine(DataDirectory, "copies.jsonl");
        (string Outlet, string Url)[] carriers =
        [
            ("Reuters", "https://www.reuters.com/world/iraq-water-plan"),
            ("Yahoo News", "https://news.yahoo.com/iraq-water-plan-123.html"),
            ("MSN", "https://www.msn.com/en-us/news/world/iraq-water-plan/ar-1"),
        ];
        var lines = carriers.Select((c, i) => JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["id"] = "water-" + i,
            ["url"] = c.Url,
            ["title"] = "Iraq's parliament approves water-sharing plan after drought",
            ["published"] = $"2025-07-1{i}T0{i}:00:00Z",
            ["outlet"] = c.Outlet,
            ["language"] = "en",
            ["text"] = CopiesBody,
        }));
        await File.WriteAllLinesAsync(file, lines, ct);
        await IngestCommand.IngestAsync(store, [file], ct);

        // A followed feed whose poll stored two seed articles: the keys FeedPoller records for each item it stores.
        // The SQLite store's sources are tables of their own in its file; the PostgreSQL store keeps them itself.
        await using (var own = store is ISourceStore ? null : SourceStore.OpenFolder(DataDirectory))
        {
            var sources = own ?? (ISourceStore)store;
            var (source, _) = await sources.AddAsync(FeedUrl, "World desk", DateTimeOffset.UtcNow, ct);
            await sources.RecordKeysAsync([("hash:" + source.Key + "|h1", "mosul-0"), ("hash:" + source.Key + "|h2", "water-1")], ct);
        }

        var reader = (IReaderStore)store;
        foreach (var user in Users)
        {
            var added = await reader.AddUserAsync(user, ReaderPasswords.Hash(Password), DateTimeOffset.UtcNow, ct);
            if (FeverUsers.Contains(user))
            {
                await reader.AddTokenAsync(added!.Id, ReaderPasswords.FeverTokenHash(ReaderPasswords.FeverKey(user, Password)), DateTimeOffset.UtcNow, ct);
            }
        }
    }

    /// <summary>Signs in through ClientLogin and returns a client that sends the token, and the token.</summary>
    public async Task<(HttpClient Client, string Token)> SignInAsync(string user)
    {
        var response = await NewClient().PostAsync("/api/greader/accounts/ClientLogin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = user, ["Passwd"] = Password }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var token = body.Split('\n').Single(l => l.StartsWith("Auth=", StringComparison.Ordinal))["Auth=".Length..];
        var client = NewClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "GoogleLogin auth=" + token);
        return (client, token);
    }
}

/// <summary><see cref="ReaderHost"/>'s store and accounts in PostgreSQL, served by a PostgreSQL-backed host.</summary>
public sealed class PostgresReaderHost : ReaderHost
{
    public PostgresReaderHost() => StoreKind = TestStores.Postgres;
}
