using System.CommandLine;
using System.Globalization;
using Herald.Model;
using Herald.Pipeline;
using Herald.Publish.Webhooks;

namespace Herald.Cli.Commands;

/// <summary>`herald webhook add|list|remove|deliver`: announce a topic's new stories to an HTTP endpoint.</summary>
internal static class WebhookCommand
{
    public static Command Create()
    {
        var command = new Command("webhook", "Webhooks: POST each new story of a topic, signed, to a URL");

        var topic = new Argument<string>("TOPIC") { Description = "Name of an existing topic" };
        var url = new Argument<string>("URL") { Description = "http(s) address that receives signed JSON POSTs, or ntfy://HOST/TOPIC (ntfys:// for https) for an ntfy server; add #digest=6h to send the new stories together every 6 hours (1-168)" };
        var secret = new Option<string?>("--secret") { Description = "Signing secret, 16+ characters (default: a random one, printed)" };
        var token = new Option<string?>("--token") { Description = "Access token for an ntfy topic that needs one (sent as Authorization: Bearer; also HERALD_NTFY_TOKEN)" };
        var allowPrivate = new Option<bool>("--allow-private") { Description = "Allow loopback and private addresses (also HERALD_ALLOW_PRIVATE=1)" };
        var add = new Command("add", "Register a webhook; stories already in the topic are not announced, only later ones") { topic, url, secret, token, allowPrivate };
        add.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var store = await CliContext.OpenStoreAsync(r, ct);
            var registry = new WebhookRegistry(store, CliContext.Webhooks(store), r.GetValue(allowPrivate) || WebhookRegistry.AllowPrivateFromEnvironment());
            // A token on the command line shows in the process list and shell history: the environment is the quiet way.
            var ntfyToken = r.GetValue(token) ?? (Environment.GetEnvironmentVariable("HERALD_NTFY_TOKEN") is { Length: > 0 } t ? t : null);
            var hook = await registry.AddAsync(r.GetValue(topic)!, r.GetValue(url)!, r.GetValue(secret), ntfyToken, DateTimeOffset.UtcNow, ct);
            await Console.Out.WriteLineAsync($"added webhook {hook.Id}: new stories of \"{hook.Topic}\" go to {hook.Url}{(ntfyToken is null ? "" : " with its access token")}");
            if (string.IsNullOrEmpty(r.GetValue(secret)) && ntfyToken is null)
            {
                await Console.Out.WriteLineAsync($"secret: {hook.Secret}");
            }

            return 0;
        }));

        var list = new Command("list", "List webhooks with their delivery counts");
        list.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var store = await CliContext.OpenStoreAsync(r, ct);
            var hooks = await CliContext.Webhooks(store).ListWebhooksAsync(ct);
            foreach (var h in hooks)
            {
                var deliveries = await CliContext.Webhooks(store).ListDeliveriesAsync(h.Id, 10_000, ct);
                int Count(DeliveryState s) => deliveries.Count(d => d.State == s);
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{h.Id,4}  {h.Topic}  <{h.Url}>  {Count(DeliveryState.Delivered)} delivered, {Count(DeliveryState.Pending)} pending, {Count(DeliveryState.Failed)} failed"));
            }

            if (hooks.Count == 0)
            {
                await Console.Out.WriteLineAsync("no webhooks yet: add one with `herald webhook add TOPIC URL`");
            }

            return 0;
        }));

        var id = new Argument<string>("ID") { Description = "Webhook id (from `herald webhook list`)" };
        var remove = new Command("remove", "Delete a webhook and its delivery history") { id };
        remove.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var raw = r.GetValue(id)!;
            if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                throw new HeraldException(raw, "not a webhook id (a number from `herald webhook list`)");
            }

            await using var store = await CliContext.OpenStoreAsync(r, ct);
            if (!await CliContext.Webhooks(store).DeleteWebhookAsync(n, ct))
            {
                throw new HeraldException(raw, "no such webhook");
            }

            await Console.Out.WriteLineAsync($"removed webhook {n}");
            return 0;
        }));

        var deliver = new Command("deliver", "Queue new stories and retry pending deliveries now (ingest and fetch do this on their own)");
        deliver.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var store = await CliContext.OpenStoreAsync(r, ct);
            await PostIngest.AnnounceAsync(store, ct);
            return 0;
        }));

        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        command.Subcommands.Add(remove);
        command.Subcommands.Add(deliver);
        return command;
    }
}
