using Xunit.Abstractions;
namespace Herald.Tests.Ingest.Feeds;
public sealed class ZzDebugTests(ITestOutputHelper output)
{
    [Fact]
    public void Debug()
    {
        var file = Environment.GetEnvironmentVariable("DBG_FILE");
        if (file is null) return;
        var p = new Herald.Ingest.Feeds.FeedParser().Parse(File.ReadAllBytes(file), null, new Uri("http://127.0.0.1:8097/tests/x.xml"));
        output.WriteLine(System.Text.Json.JsonSerializer.Serialize(p, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var expect = Environment.GetEnvironmentVariable("DBG_EXPR") ?? "1";
        try { output.WriteLine("RESULT " + PyExpression.Evaluate(expect, FeedParserView.Names(p))); }
        catch (Exception e) { output.WriteLine("ERR " + e); }
    }
}
