using System.Diagnostics;

namespace Herald.Tests.Cli;

/// <summary>Runs the real CLI (Herald.Cli.dll beside the tests) as a child process.</summary>
internal static class CliHarness
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "Herald.Cli.dll");

    public static Process Start(string dataDir, params string[] args) => Start(dataDir, args, null);

    /// <summary>Starts the CLI with <paramref name="environment"/> set on top of this process's (less HERALD_DEBUG and HERALD_STORE).</summary>
    public static Process Start(string dataDir, string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        psi.ArgumentList.Add(CliDll);
        psi.ArgumentList.Add("--data");
        psi.ArgumentList.Add(dataDir);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("HERALD_DEBUG");
        // The store is the one --data (or an explicit --store) names, whatever the developer's shell exports.
        psi.Environment.Remove("HERALD_STORE");
        // Likewise the broker: none unless the test names one.
        psi.Environment.Remove("HERALD_BROKER");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }
        return Process.Start(psi)!;
    }

    public static async Task<Result> RunAsync(string dataDir, params string[] args)
    {
        using var p = Start(dataDir, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(cts.Token);
        return new Result(p.ExitCode, await stdout, await stderr);
    }
}
