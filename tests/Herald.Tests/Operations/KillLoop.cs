using System.Diagnostics;

namespace Herald.Tests.Operations;

/// <summary>
/// Runs a child process over and over and kills it with SIGKILL at a random moment of each run, the moment drawn
/// uniformly from a span learnt as the loop goes (grown while runs outlast it, drawn towards the length of runs that
/// finish), so kills fall at start-up, in the middle of the work and at its end alike, and some runs finish. After
/// every run the caller checks what must hold. Iterations: HERALD_KILL_ITERATIONS, else 100 in CI and 20 locally.
/// </summary>
internal sealed class KillLoop(int seed, double firstSpanMs)
{
    private readonly Random _random = new(seed);
    private double _span = firstSpanMs;

    public int Killed { get; private set; }

    public int Finished { get; private set; }

    public static int Iterations() =>
        int.TryParse(Environment.GetEnvironmentVariable("HERALD_KILL_ITERATIONS"), out var n) && n > 0 ? n
        : Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ? 100 : 20;

    /// <summary>
    /// One run: <paramref name="start"/> starts the process; it is killed at a random moment unless it exits first
    /// (then it must exit 0). <paramref name="after"/> gets whether it was killed, and runs once the process is gone.
    /// </summary>
    public async Task RunOnceAsync(int iteration, Func<Process> start, Func<bool, Task> after)
    {
        var clock = Stopwatch.StartNew();
        using var p = start();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await Task.WhenAny(p.WaitForExitAsync(), Task.Delay(TimeSpan.FromMilliseconds(_random.NextDouble() * _span)));
        bool killed;
        if (!p.HasExited)
        {
            p.Kill(entireProcessTree: true);
            killed = true;
            Killed++;
            _span *= 1.1;
        }
        else
        {
            killed = false;
            Assert.True(p.ExitCode == 0, $"run {iteration}: exit {p.ExitCode}: {await stderr}");
            Finished++;
            _span = (0.7 * _span) + (0.3 * clock.Elapsed.TotalMilliseconds);
        }

        await p.WaitForExitAsync();
        await Task.WhenAll(stdout, stderr);
        await after(killed);
    }

    /// <summary>Fails when too few runs were killed before they finished for the loop to have proved anything.</summary>
    public void AssertEnoughKills(int iterations) =>
        Assert.True(Killed >= iterations / 4, $"only {Killed} of {iterations} runs were killed before they finished ({Finished} finished): the test proved little");

    public override string ToString() => $"{Killed + Finished} runs: {Killed} killed at a random moment, {Finished} finished first";
}
