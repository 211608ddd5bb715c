using Herald.Model;

namespace Herald.Cli;

/// <summary>
/// Runs one verb's body and turns failures into the CLI contract: a one-line reason on stderr
/// and a non-zero exit code. Stack traces only when HERALD_DEBUG is set.
/// </summary>
internal static class CliRunner
{
    public const int UserError = 2;
    public const int InternalError = 70;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (HeraldException e)
        {
            await Console.Error.WriteLineAsync($"herald: {e.Message}");
            return UserError;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("herald: cancelled");
            return Cancelled;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (StoreFault(e.SqliteErrorCode) is { } fault)
        {
            // The disk filled up, or the store's folder became read-only, while writing: each batch is one
            // transaction, so what was committed before is intact; say so in one line.
            await Console.Error.WriteLineAsync($"herald: {CliContext.OpenedStore ?? "the store"}: {fault}; what was stored before is kept, the rest was not written ({OneLine(e.Message)})");
            return UserError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"herald: {OneLine(e.Message)}");
            return UserError;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"herald: internal error: {OneLine(e.Message)} ({e.GetType().Name})");
            if (Environment.GetEnvironmentVariable("HERALD_DEBUG") is { Length: > 0 })
            {
                await Console.Error.WriteLineAsync(e.ToString());
            }

            return InternalError;
        }
    }

    public static int Run(Func<int> body) => RunAsync(() => Task.FromResult(body())).GetAwaiter().GetResult();

    // SQLite's primary result codes for a full disk, a read-only store and an I/O error (extended codes keep the
    // primary one in their low byte).
    private static string? StoreFault(int code) => (code & 0xff) switch
    {
        13 => "the disk is full",
        8 => "the store is read-only (a read-only file system or no write permission)",
        10 => "the disk failed to read or write (disk full, removed or read-only)",
        _ => null,
    };

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
