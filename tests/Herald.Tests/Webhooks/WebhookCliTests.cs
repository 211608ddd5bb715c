using System.Diagnostics;
using Herald.Tests.Cli;

namespace Herald.Tests.Webhooks;

/// <summary>`herald webhook` and the announce step after `herald ingest`, run as a user would (child processes).</summary>
public sealed class WebhookCliTests
{
    private const string Secret = "cli-receiver-secret-012345";

    [Fact]
    public async Task Ingest_announces_each_new_story_once_to_a_registered_webhook()
    {
        var data = TestPaths.TempDir("webhook-cli");
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        Assert.Equal(0, (await RunAsync(data, "topic", "add", "Iraq", "Iraq")).ExitCode);
        var add = await RunAsync(data, "webhook", "add", "Iraq", receiver.Url.AbsoluteUri, "--secret", Secret, "--allow-private");
        Assert.Equal(0, add.ExitCode);
        Assert.Contains("added webhook 1", add.Stdout, StringComparison.Ordinal);

        var ingest = await RunAsync(data, "ingest", TestPaths.SampleSeedPage);
        Assert.Equal(0, ingest.ExitCode);
        var posted = receiver.Posts.Count;
        Assert.True(posted > 10, $"expected the sample page's Iraq stories to be announced, got {posted}");
        Assert.All(receiver.Posts, p => Assert.True(p.SignatureValid));
        Assert.Equal(posted, receiver.Posts.Select(p => p.Body.GetProperty("story").GetProperty("id").GetString()).Distinct().Count());
        Assert.Contains($"{posted} new stories queued, {posted} delivered", ingest.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync(data, "ingest", TestPaths.SampleSeedPage)).ExitCode);
        Assert.Equal(0, (await RunAsync(data, "webhook", "deliver")).ExitCode);
        Assert.Equal(posted, receiver.Posts.Count);

        var list = await RunAsync(data, "webhook", "list");
        Assert.Contains($"{posted} delivered, 0 pending, 0 failed", list.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync(data, "webhook", "remove", "1")).ExitCode);
        Assert.Contains("no webhooks yet", (await RunAsync(data, "webhook", "list")).Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("add", "Iraq", "http://127.0.0.1:9/hook", "loopback or private address")]
    [InlineData("add", "Nope", "https://example.com/hook", "does not exist")]
    [InlineData("remove", "x1", "not a webhook id")]
    [InlineData("remove", "42", "42: no such webhook")]
    public async Task Errors_are_one_line_with_a_non_zero_exit(params string[] argsAndMessage)
    {
        var data = TestPaths.TempDir("webhook-cli");
        Assert.Equal(0, (await RunAsync(data, "topic", "add", "Iraq", "Iraq")).ExitCode);
        var r = await RunAsync(data, ["webhook", .. argsAndMessage[..^1]], allowPrivate: false);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(argsAndMessage[^1], line, StringComparison.Ordinal);
    }

    private static Task<CliHarness.Result> RunAsync(string data, params string[] args) => RunAsync(data, args, allowPrivate: true);

    /// <summary>Like <see cref="CliHarness"/>, with HERALD_ALLOW_PRIVATE set for the child only (the receiver is on 127.0.0.1).</summary>
    private static async Task<CliHarness.Result> RunAsync(string data, string[] args, bool allowPrivate)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        foreach (var a in (string[])[CliHarness.CliDll, "--data", data, .. args])
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("HERALD_DEBUG");
        psi.Environment["HERALD_ALLOW_PRIVATE"] = allowPrivate ? "1" : "0";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(cts.Token);
        return new CliHarness.Result(p.ExitCode, await stdout, await stderr);
    }
}
