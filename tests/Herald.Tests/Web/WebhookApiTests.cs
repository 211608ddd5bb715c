using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Webhooks;

namespace Herald.Tests.Web;

/// <summary>/api/webhooks on the real app: Bearer token required, unsafe targets refused, secrets shown once.</summary>
public sealed class WebhookApiTests : IAsyncLifetime
{
    private readonly WebHost _strict = new();
    private readonly WebHost _lenient = new() { AllowPrivateWebhooks = true };

    public async Task InitializeAsync()
    {
        await _strict.InitializeAsync();
        await _lenient.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _strict.DisposeAsync();
        await _lenient.DisposeAsync();
    }

    [Fact]
    public async Task Changes_and_listing_need_the_token()
    {
        var client = _strict.NewClient();
        var post = await client.PostAsJsonAsync("/api/webhooks", new { topic = "Iraq", url = "https://example.com/hook" });
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.DeleteAsync("/api/webhooks/1")).StatusCode);
    }

    [Fact]
    public async Task Register_list_and_delete_a_webhook()
    {
        var client = Authorized(_strict);
        var created = await client.PostAsJsonAsync("/api/webhooks", new { topic = "Iraq", url = "https://example.com/hook", secret = "a-secret-of-enough-length" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = dto.GetProperty("id").GetInt64();
        Assert.Equal("a-secret-of-enough-length", dto.GetProperty("secret").GetString());
        Assert.Equal($"/api/webhooks/{id}", created.Headers.Location?.OriginalString);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/webhooks");
        var item = Assert.Single(list.EnumerateArray());
        Assert.Equal("https://example.com/hook", item.GetProperty("url").GetString());
        Assert.False(item.TryGetProperty("secret", out var secret) && secret.ValueKind != JsonValueKind.Null, "a listing must not show secrets");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/webhooks/abc")).StatusCode);
    }

    [Theory]
    [InlineData("Iraq", "http://127.0.0.1:9/hook", "loopback or private")]
    [InlineData("Iraq", "file:///etc/passwd", "not an http(s) address")]
    [InlineData("Nowhere", "https://example.com/hook", "does not exist")]
    [InlineData("", "https://example.com/hook", "Send JSON with topic")]
    public async Task Bad_registrations_answer_400_with_the_reason(string topic, string url, string reason)
    {
        var response = await Authorized(_strict).PostAsJsonAsync("/api/webhooks", new { topic, url });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loopback_receiver_is_accepted_when_private_targets_are_allowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync("unused-secret-0123456789");
        var response = await Authorized(_lenient).PostAsJsonAsync("/api/webhooks", new { topic = "Iraq", url = receiver.Url.AbsoluteUri });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dto = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(64, dto.GetProperty("secret").GetString()!.Length);
        Assert.Equal(0, dto.GetProperty("pending").GetInt32());
    }

    private static HttpClient Authorized(WebHost host)
    {
        var client = host.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WebHost.Token);
        return client;
    }
}
