using Herald.Model;

namespace Herald.Cli;

/// <summary>Writes an output file through a temporary file and a rename, so an interrupted run never leaves half a file.</summary>
internal static class AtomicFile
{
    public static async Task<T> WriteLinesAsync<T>(string path, Func<Stream, CancellationToken, Task<T>> write, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
        {
            throw new HeraldException(path, "its folder does not exist");
        }

        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            T result;
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                result = await write(stream, ct);
                await stream.FlushAsync(ct);
            }

            File.Move(temp, full, overwrite: true);
            return result;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
