using System.Collections.Concurrent;
using Herald.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Herald.Tests.Webhooks;

/// <summary>One message as an ntfy server would take it: the topic (path), the headers it reads, the body.</summary>
public sealed record NtfyPost(string Topic, string ContentType, string Title, string Tags, string Click, string Body)
{
    /// <summary>The Authorization header as sent (empty when none).</summary>
    public string Authorization { get; init; } = "";
}

/// <summary>A Kestrel endpoint on 127.0.0.1 that takes POST /{topic} as an ntfy server does and records it; started
/// with an access token, it answers 401 to a post without <c>Authorization: Bearer TOKEN</c>, as a protected topic does.</summary>
public sealed class NtfyReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NtfyReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<NtfyPost> Posts { get; } = new();

    /// <summary>The receiver as an alert target: ntfy://127.0.0.1:PORT/TOPIC.</summary>
    public string Target(string topic) => "ntfy://" + HeraldWebApp.BaseAddress(_app).Authority + "/" + topic;

    /// <summary>Posts refused for a missing or wrong access token.</summary>
    public int Refused => _refused;

    private int _refused;

    public static async Task<NtfyReceiver> StartAsync(string? requiredToken = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new NtfyReceiver(app);
        app.MapPost("/{topic}", async (string topic, HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var h = http.Request.Headers;
            if (requiredToken is not null && h.Authorization.ToString() != "Bearer " + requiredToken)
            {
                Interlocked.Increment(ref receiver._refused);
                return Results.Unauthorized();
            }

            receiver.Posts.Enqueue(new NtfyPost(topic, h.ContentType.ToString(), h["Title"].ToString(), h["Tags"].ToString(), h["Click"].ToString(), body)
            {
                Authorization = h.Authorization.ToString(),
            });
            return Results.Ok();
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
