using System.Globalization;
using Herald.Pipeline;
using Herald.Publish.Gdelt;
using Herald.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Herald.Web.Gdelt;

/// <summary>
/// GDELT 2.0 update files from a serving Herald (docs/GDELT.md): every interval (15 minutes, as GDELT; the
/// HERALD_GDELT_EVERY environment variable or <see cref="WebOptions.GdeltInterval"/> in seconds changes it, 0 turns it
/// off) the documents whose annotations settled since the last update are written to <c>DATA/gdelt/</c> by
/// <see cref="GdeltUpdateWriter"/>, and the folder is served at <c>/gdelt/</c> (<c>/gdelt/lastupdate.txt</c>,
/// <c>/gdelt/masterfilelist.txt</c> and the zips they list). The documents come from the SQLite file at
/// <paramref name="dbPath"/>, opened for each update, or from <paramref name="shared"/>, the PostgreSQL store the host
/// serves; either way the update files and their watermark live in the data folder.
/// </summary>
internal sealed partial class GdeltUpdates(
    string? dbPath, IAnnotatedArticleReader? shared, string folder, TimeSpan interval, IServer server, ILogger<GdeltUpdates> log) : BackgroundService
{
    public const string Path = "/gdelt/";

    public static TimeSpan IntervalFrom(TimeSpan? configured)
    {
        if (configured is { } c)
        {
            return c;
        }

        var env = Environment.GetEnvironmentVariable("HERALD_GDELT_EVERY");
        return double.TryParse(env, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(Math.Max(0, s)) : GdeltUpdateWriter.Interval;
    }

    public static string FolderOf(string dataDirectory) => System.IO.Path.Combine(dataDirectory, "gdelt");

    public static void Map(IEndpointRouteBuilder app, string folder) =>
        app.MapGet(Path + "{name}", (string name) =>
        {
            var file = System.IO.Path.Combine(folder, name);
            if (!GdeltUpdateWriter.IsPublishedName(name) || !File.Exists(file))
            {
                return Results.NotFound();
            }

            return Results.File(file, name.EndsWith(".zip", StringComparison.Ordinal) ? "application/zip" : "text/plain; charset=utf-8", enableRangeProcessing: true);
        }).ExcludeFromDescription();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await WriteOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failed(log, folder, e);
            }
        }
    }

    private async Task WriteOnceAsync(CancellationToken ct)
    {
        if (shared is not null)
        {
            await WriteFromAsync(shared, ct);
            return;
        }

        if (dbPath is null || !File.Exists(dbPath))
        {
            return;
        }

        await using var store = SqliteStore.Open(dbPath);
        await WriteFromAsync(store, ct);
    }

    private async Task WriteFromAsync(IAnnotatedArticleReader store, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var at = new DateTimeOffset(now.Ticks - (now.Ticks % Math.Max(TimeSpan.TicksPerSecond, interval.Ticks)), TimeSpan.Zero);
        var update = await new GdeltUpdateWriter(store, folder).WriteNextAsync(at, BaseUrl(), ct);
        if (update is not null)
        {
            Wrote(log, update.Stamp, update.Documents, update.AfterSeq, update.ThroughSeq);
        }
    }

    private string BaseUrl()
    {
        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1";
        return first.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + Path;
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "GDELT update {Stamp}: {Documents} documents (seq {After}..{Through})")]
    private static partial void Wrote(ILogger logger, string stamp, int documents, long after, long through);

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "GDELT update into {Folder} failed")]
    private static partial void Failed(ILogger logger, string folder, Exception exception);
}
