using System.Collections.Concurrent;
using System.Text.Json;
using Herald.Publish.Webhooks;
using Herald.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Herald.Tests.Webhooks;

/// <summary>One POST as the receiver saw it, with whether its signature held.</summary>
public sealed record ReceivedPost(string DeliveryId, string Event, bool SignatureValid, JsonElement Body);

/// <summary>
/// A real Kestrel endpoint on 127.0.0.1 that checks X-Herald-Signature against the secret and answers 500 to the
/// first <see cref="FailFirst"/> requests (503 for the rest while <see cref="AlwaysFail"/> is set).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private WebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        Secret = secret;
    }

    public string Secret { get; }

    public int FailFirst { get; set; }

    public bool AlwaysFail { get; set; }

    public int Requests => _requests;

    /// <summary>Every request, failed ones included, in arrival order.</summary>
    public ConcurrentQueue<ReceivedPost> Posts { get; } = new();

    public Uri Url => new(HeraldWebApp.BaseAddress(_app), "/hook");

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var ms = new MemoryStream();
            await http.Request.Body.CopyToAsync(ms);
            var body = ms.ToArray();
            var n = Interlocked.Increment(ref receiver._requests);
            receiver.Posts.Enqueue(new ReceivedPost(
                http.Request.Headers[WebhookSignature.DeliveryHeader].ToString(),
                http.Request.Headers[WebhookSignature.EventHeader].ToString(),
                WebhookSignature.Verify(secret, body, http.Request.Headers[WebhookSignature.Header].ToString()),
                JsonDocument.Parse(body).RootElement.Clone()));
            return receiver.AlwaysFail || n <= receiver.FailFirst ? Results.StatusCode(500) : Results.NoContent();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
