using Herald.Cli;

namespace Herald.Tests.Cli;

/// <summary>Progress when no terminal watches: plain lines, at most one per interval.</summary>
public sealed class ProgressLinesTests
{
    [Fact]
    public void Lines_count_files_and_records_and_wait_for_their_interval()
    {
        var every = new StringWriter();
        var p = CliProgress.Lines("ingesting", every, TimeSpan.Zero);
        p.Report((3, 311, 1234));
        p.Report((4, 311, 2345));
        Assert.Equal(["herald: ingesting: 3/311 files, 1,234 articles", "herald: ingesting: 4/311 files, 2,345 articles"],
            every.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));

        // A short run under the interval prints nothing at all.
        var rarely = new StringWriter();
        var q = CliProgress.Lines("ingesting", rarely, TimeSpan.FromHours(1));
        q.Report((1, 2, 10));
        q.Report((2, 2, 20));
        Assert.Equal("", rarely.ToString());
    }
}
