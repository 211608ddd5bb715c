using Spectre.Console;

namespace Herald.Cli;

/// <summary>Progress bars on stderr for long work, shown only when a person is watching (stderr is a terminal).</summary>
internal static class CliProgress
{
    private static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static bool Interactive => !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;

    public static async Task<T> RunAsync<T>(string label, Func<IProgress<(int Done, int Total, long Articles)>, Task<T>> work, string unit = "files")
    {
        T result = default!;
        await Err.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(label);
                var progress = new Progress<(int Done, int Total, long Articles)>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = unit == "files"
                        ? $"{label}: {p.Done}/{p.Total} files, {p.Articles:N0} articles"
                        : $"{label}: {p.Done:N0}/{p.Total:N0} {unit}";
                });
                result = await work(progress);
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>
    /// Progress for a run nobody watches on a terminal (a service, a pipe, CI): a plain line on <paramref name="to"/>
    /// at most every <paramref name="every"/> (HERALD_PROGRESS_EVERY seconds, default 30), so a long ingest shows it
    /// is alive in a log without a line per file.
    /// </summary>
    public static IProgress<(int Done, int Total, long Articles)> Lines(string label, TextWriter to, TimeSpan? every = null) =>
        new LineProgress(label, to, every ?? TimeSpan.FromSeconds(
            double.TryParse(Environment.GetEnvironmentVariable("HERALD_PROGRESS_EVERY"), System.Globalization.CultureInfo.InvariantCulture, out var s) && s >= 0 ? s : 30));

    private sealed class LineProgress(string label, TextWriter to, TimeSpan every) : IProgress<(int Done, int Total, long Articles)>
    {
        private readonly System.Diagnostics.Stopwatch _since = System.Diagnostics.Stopwatch.StartNew();
        private readonly Lock _gate = new();

        public void Report((int Done, int Total, long Articles) value)
        {
            lock (_gate)
            {
                if (_since.Elapsed < every)
                {
                    return;
                }

                _since.Restart();
                to.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"herald: {label}: {value.Done}/{value.Total} files, {value.Articles:N0} articles"));
            }
        }
    }
}
