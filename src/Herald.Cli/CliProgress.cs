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
}
