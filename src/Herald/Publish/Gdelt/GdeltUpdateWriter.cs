using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Herald.Pipeline;

namespace Herald.Publish.Gdelt;

/// <summary>One published update: its timestamp, the documents it covers and its three files.</summary>
public sealed record GdeltUpdate(string Stamp, long AfterSeq, long ThroughSeq, int Documents, IReadOnlyList<GdeltUpdateFile> Files);

/// <summary>A published file as <c>masterfilelist.txt</c> lists it: size in bytes, MD5, URL.</summary>
public sealed record GdeltUpdateFile(string Name, long Size, string Md5, string Url)
{
    public string ListLine => string.Create(CultureInfo.InvariantCulture, $"{Size} {Md5} {Url}");
}

/// <summary>
/// Publishes GDELT 2.0 update files into a folder, as GDELT's feed does every 15 minutes: for the documents whose
/// annotations settled since the last update, <c>YYYYMMDDHHMMSS.export.CSV.zip</c>, <c>.mentions.CSV.zip</c> and
/// <c>.gkg.csv.zip</c> (each a zip holding the one CSV of that name), then <c>masterfilelist.txt</c> with those files
/// appended and <c>lastupdate.txt</c> naming them (lines <c>SIZE MD5 URL</c>). Every file is written beside its
/// final name and renamed into place, so a reader never sees half a file; the seq the update reached is kept in
/// <c>.herald-through</c>, written last (a crash before it repeats that range in the next update rather than lose it).
/// </summary>
public sealed class GdeltUpdateWriter
{
    /// <summary>GDELT's update interval.</summary>
    public static readonly TimeSpan Interval = GdeltFields.Interval;

    public const string MasterFileList = "masterfilelist.txt";
    public const string LastUpdate = "lastupdate.txt";
    private const string StateFile = ".herald-through";

    private static readonly (GdeltTable Table, string Suffix)[] Tables =
        [(GdeltTable.Events, ".export.CSV"), (GdeltTable.Mentions, ".mentions.CSV"), (GdeltTable.Gkg, ".gkg.csv")];

    private readonly IAnnotatedArticleReader _store;
    private readonly string _folder;

    /// <param name="folder">Where the files go (created when missing).</param>
    public GdeltUpdateWriter(IAnnotatedArticleReader store, string folder)
    {
        _store = store;
        _folder = folder;
    }

    /// <summary>Whether a file name is one this writer publishes (the files a web host may serve from the folder).</summary>
    public static bool IsPublishedName(string name) =>
        name is MasterFileList or LastUpdate ||
        (name.Length > 14 && name[..14].All(char.IsAsciiDigit) && Tables.Any(t => name[14..] == t.Suffix + ".zip"));

    /// <summary>
    /// Writes the update stamped <paramref name="at"/> (its interval's start) for the documents settled since the last
    /// one; null when nothing new has settled, or an update with this stamp exists already.
    /// </summary>
    /// <param name="baseUrl">The URL the folder is served at, ending in '/': the lists name files by full URL, as GDELT's do.</param>
    public async Task<GdeltUpdate?> WriteNextAsync(DateTimeOffset at, string baseUrl, CancellationToken ct)
    {
        Directory.CreateDirectory(_folder);
        var after = ReadState();
        var through = await _store.AnnotationSettledThroughAsync(ct);
        var stamp = GdeltFields.Stamp(at);
        if (through <= after || Tables.Any(t => File.Exists(Path.Combine(_folder, stamp + t.Suffix + ".zip"))))
        {
            return null;
        }

        var temps = Tables.Select(t => Path.Combine(_folder, $".{stamp}{t.Suffix}.zip.tmp")).ToArray();
        try
        {
            var documents = 0;
            {
                await using var zips = new ZipSet(temps, Tables.Select(t => stamp + t.Suffix).ToArray());
                await foreach (var doc in _store.ReadAnnotatedAsync(null, after, through, ct))
                {
                    var rows = new GdeltDocument(doc);
                    for (var i = 0; i < Tables.Length; i++)
                    {
                        foreach (var row in rows.Rows(Tables[i].Table))
                        {
                            await zips.Writers[i].WriteAsync(row);
                            await zips.Writers[i].WriteAsync('\n');
                        }
                    }

                    documents++;
                }
            }

            var files = new List<GdeltUpdateFile>(Tables.Length);
            for (var i = 0; i < Tables.Length; i++)
            {
                var name = stamp + Tables[i].Suffix + ".zip";
                var (size, md5) = await SizeAndMd5Async(temps[i], ct);
                File.Move(temps[i], Path.Combine(_folder, name), overwrite: true);
                files.Add(new GdeltUpdateFile(name, size, md5, baseUrl + name));
            }

            var lines = string.Concat(files.Select(f => f.ListLine + "\n"));
            await AppendAtomicallyAsync(MasterFileList, lines, ct);
            await WriteAtomicallyAsync(LastUpdate, lines, ct);
            await WriteAtomicallyAsync(StateFile, through.ToString(CultureInfo.InvariantCulture) + "\n", ct);
            return new GdeltUpdate(stamp, after, through, documents, files);
        }
        finally
        {
            foreach (var t in temps)
            {
                File.Delete(t);
            }
        }
    }

    private long ReadState()
    {
        var path = Path.Combine(_folder, StateFile);
        return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
    }

    private static async Task<(long Size, string Md5)> SizeAndMd5Async(string path, CancellationToken ct)
    {
        await using var s = File.OpenRead(path);
        var hash = await MD5.HashDataAsync(s, ct);
        return (s.Length, Convert.ToHexStringLower(hash));
    }

    private async Task WriteAtomicallyAsync(string name, string text, CancellationToken ct)
    {
        var path = Path.Combine(_folder, name);
        var temp = Path.Combine(_folder, "." + name + ".tmp");
        await File.WriteAllTextAsync(temp, text, new UTF8Encoding(false), ct);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Copies the list with the new lines added to a temporary file and renames it over the list.</summary>
    private async Task AppendAtomicallyAsync(string name, string lines, CancellationToken ct)
    {
        var path = Path.Combine(_folder, name);
        var temp = Path.Combine(_folder, "." + name + ".tmp");
        await using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            if (File.Exists(path))
            {
                await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                await input.CopyToAsync(output, ct);
            }

            await output.WriteAsync(Encoding.UTF8.GetBytes(lines), ct);
            await output.FlushAsync(ct);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Three zip files, each with one CSV entry open for writing.</summary>
    private sealed class ZipSet : IAsyncDisposable
    {
        private readonly FileStream[] _files;
        private readonly ZipArchive[] _zips;

        public ZipSet(string[] paths, string[] entries)
        {
            _files = paths.Select(p => new FileStream(p, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16)).ToArray();
            _zips = _files.Select(f => new ZipArchive(f, ZipArchiveMode.Create, leaveOpen: true)).ToArray();
            Writers = _zips.Select((z, i) => new StreamWriter(z.CreateEntry(entries[i], CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 16)).ToArray();
        }

        public StreamWriter[] Writers { get; }

        public async ValueTask DisposeAsync()
        {
            foreach (var w in Writers)
            {
                await w.DisposeAsync();
            }

            foreach (var z in _zips)
            {
                z.Dispose();
            }

            foreach (var f in _files)
            {
                await f.FlushAsync();
                await f.DisposeAsync();
            }
        }
    }
}
