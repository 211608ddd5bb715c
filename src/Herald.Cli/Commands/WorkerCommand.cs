using System.CommandLine;
using Herald.Broker;
using Herald.Cli.Workers;
using Herald.Ingest.Fetch;

namespace Herald.Cli.Commands;

/// <summary>`herald worker [--roles ...]`: do the work a broker carries (scale-out: run one per core, on any machine).</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var roles = new Option<string?>("--roles") { Description = "Roles to take, comma-separated: fetch, extract, stories, annotate (default: all)" };
        var allowPrivate = new Option<bool>("--allow-private") { Description = "Fetch: allow loopback and private addresses (also HERALD_ALLOW_PRIVATE=1)" };
        var delay = new Option<int>("--host-delay-ms") { Description = "Fetch: minimum pause between two requests to one host (default 1000)", DefaultValueFactory = _ => 1000 };
        var clusterWait = new Option<int>("--cluster-wait")
        {
            Description = "Stories: longest wait, in seconds, for extract and fetch work to drain before clustering anyway (default 300)",
            DefaultValueFactory = _ => 300,
        };
        var command = new Command("worker", "Take work from the broker (--broker or HERALD_BROKER) and run it on the store until stopped")
        {
            roles, allowPrivate, CliContext.AllowAddress, delay, clusterWait,
        };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var broker = GlobalOptions.BrokerUrl(r)
                ?? throw new Herald.Model.HeraldException("worker", "needs a broker: --broker amqp://user:pass@host:5672/ or HERALD_BROKER");
            var taken = WorkQueues.ParseRoles(r.GetValue(roles));
            await using var store = await CliContext.OpenStoreAsync(r, ct);
            void Log(string m) => Console.Error.WriteLine("herald worker: " + m);
            WorkerHost? host = null;
            BrokerClient Client() => host!.Client ?? throw new InvalidOperationException("not connected to the broker");
            var handlers = new List<IWorkHandler>();
            OpenedSources? sources = null;
            Microsoft.Extensions.DependencyInjection.ServiceProvider? services = null;
            try
            {
                foreach (var role in taken)
                {
                    switch (role)
                    {
                        case WorkRole.Fetch:
                            var options = new FetchOptions
                            {
                                AllowPrivateAddresses = r.GetValue(allowPrivate) || Environment.GetEnvironmentVariable("HERALD_ALLOW_PRIVATE") is "1" or "true",
                                AllowedNetworks = CliContext.AllowedNetworks(r),
                                MinHostDelay = TimeSpan.FromMilliseconds(Math.Max(0, r.GetValue(delay))),
                            };
                            sources = await CliContext.OpenSourcesAsync(r, ct);
                            services = FetchServices.Build(options);
                            handlers.Add(new FetchHandler(FetchHandler.NewPoller(options, services, store, sources.Store), sources.Store, Client, Log));
                            break;
                        case WorkRole.Extract:
                            handlers.Add(new ExtractHandler(store, Client, Log));
                            break;
                        case WorkRole.Stories:
                            handlers.Add(new StoriesHandler(store, Client, Log, TimeSpan.FromSeconds(Math.Max(0, r.GetValue(clusterWait)))));
                            break;
                        case WorkRole.Annotate:
                            handlers.Add(new AnnotateHandler(store, Log));
                            break;
                    }
                }

                host = new WorkerHost(broker, handlers, Log);
                try
                {
                    await host.RunAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                }

                // Stopped (Ctrl+C, SIGTERM): messages held and not finished went back to their queues.
                Log("stopped");
                return 0;
            }
            finally
            {
                if (services is not null)
                {
                    await services.DisposeAsync();
                }

                if (sources is not null)
                {
                    await sources.DisposeAsync();
                }
            }
        }));
        return command;
    }
}
