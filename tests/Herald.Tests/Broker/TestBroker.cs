using System.Diagnostics;
using Herald.Broker;

namespace Herald.Tests.Broker;

/// <summary>
/// The RabbitMQ the broker tests run against: HERALD_TEST_RABBITMQ names a virtual host (.ci/run starts the server and
/// sets it); each test takes a queue prefix of its own and deletes its queues when disposed. Without the variable
/// the tests skip with the reason, except under CI, where they fail.
/// </summary>
internal sealed class TestBroker : IAsyncDisposable
{
    public const string Variable = "HERALD_TEST_RABBITMQ";

    /// <summary>Set by .ci/run, which owns the server: the fault test may restart it.</summary>
    public const string RestartVariable = "HERALD_TEST_RABBITMQ_RESTART";

    private TestBroker(string url, string prefix)
    {
        Prefix = prefix;
        Url = url.TrimEnd('/') + (new Uri(url).AbsolutePath.Length > 1 ? "" : "/") + "?prefix=" + prefix;
    }

    public string Prefix { get; }

    /// <summary>The broker URL with this test's prefix, as `--broker` takes it.</summary>
    public string Url { get; }

    public BrokerUrl Parsed => BrokerUrl.Parse(Url);

    public static bool UnderCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci is not ("0" or "false");

    public static TestBroker Create(string name)
    {
        var url = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(url))
        {
            if (UnderCi)
            {
                throw new InvalidOperationException($"CI must run the broker tests, but {Variable} is not set (.ci/run starts RabbitMQ and sets it)");
            }

            Skip.If(true, $"{Variable} is not set: no RabbitMQ to test against (.ci/run starts one; or export {Variable}=amqp://herald:herald@127.0.0.1:5672/herald_test)");
        }

        return new TestBroker(url!, name + "-" + Guid.NewGuid().ToString("N")[..10]);
    }

    /// <summary>Restarts the broker's application (rabbitmqctl stop_app, start_app): connections drop, durable queues stay.</summary>
    public static async Task RestartAsync()
    {
        foreach (var step in new[] { "stop_app", "start_app", "await_startup" })
        {
            var psi = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-q");
            psi.ArgumentList.Add(step);
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            await p.StandardOutput.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await p.WaitForExitAsync(cts.Token);
            Assert.True(p.ExitCode == 0, $"rabbitmqctl {step} failed: {await err}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var client = await BrokerClient.ConnectAsync(Parsed, "herald tests cleanup", CancellationToken.None);
            await using var ch = await client.Connection.CreateChannelAsync();
            var queues = new WorkQueues(Prefix);
            foreach (var name in WorkQueues.AllRoles.Select(queues.Of).Append(queues.Dead).Append(queues.Heartbeats))
            {
                await ch.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false);
            }
        }
        catch (Herald.Model.HeraldException)
        {
            // The broker is gone: nothing to clean.
        }
    }
}
