using Herald.Broker;
using Herald.Model;

namespace Herald.Tests.Broker;

public sealed class BrokerUrlTests
{
    [Fact]
    public void A_broker_url_names_host_port_vhost_and_queue_prefix_and_never_shows_its_password()
    {
        var url = BrokerUrl.Parse("amqp://herald:s3cret@127.0.0.1:5673/herald_test?prefix=t1");
        Assert.Equal("amqp://herald@127.0.0.1:5673/herald_test?prefix=t1", url.Display);
        Assert.Equal("t1", url.Prefix);
        Assert.Equal(5673, url.Uri.Port);
        Assert.Equal("", url.Uri.Query);
        Assert.DoesNotContain("s3cret", url.ToString(), StringComparison.Ordinal);

        var plain = BrokerUrl.Parse("amqp://guest:guest@localhost/");
        Assert.Equal("herald", plain.Prefix);
        Assert.Equal("amqp://guest@localhost:5672/", plain.Display);
        Assert.Equal("herald.extract", new WorkQueues(plain.Prefix).Of(WorkRole.Extract));
    }

    [Theory]
    [InlineData("http://h/", "is not a broker URL")]
    [InlineData("amqp://u:p@h:5672/a/b", "names a path, not a virtual host")]
    [InlineData("amqp://u:p@h:5672/?queue=x", "unknown parameter \"queue\"")]
    [InlineData("amqp://u:p@h:5672/?prefix=a.b", "bad queue prefix")]
    public void A_bad_broker_url_is_one_line_naming_it_without_the_password(string text, string problem)
    {
        var e = Assert.Throws<HeraldException>(() => BrokerUrl.Parse(text, "HERALD_BROKER"));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("HERALD_BROKER \"", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(":p@", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Roles_default_to_all_and_an_unknown_role_is_named()
    {
        Assert.Equal(WorkQueues.AllRoles, WorkQueues.ParseRoles(null));
        Assert.Equal([WorkRole.Stories, WorkRole.Extract], WorkQueues.ParseRoles("stories, extract,stories"));
        var e = Assert.Throws<HeraldException>(() => WorkQueues.ParseRoles("extract,cluster"));
        Assert.Contains("\"cluster\" is not a role", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Work_messages_read_back_and_a_foreign_body_is_refused_with_its_reason()
    {
        Assert.Equal("/data/a.html", WorkMessages.ReadFile(WorkMessages.File("/data/a.html")));
        Assert.Equal(42L, WorkMessages.ReadFeed(WorkMessages.Feed(42)));
        Assert.Equal(["a", "b"], WorkMessages.ReadIds(WorkMessages.Annotate(["a", "b"])));
        var e = Assert.Throws<HeraldException>(() => WorkMessages.ReadFile("not json"u8.ToArray()));
        Assert.Equal("message not json: is not a work message of this queue (expected {\"file\": PATH})", e.Message);
        Assert.Throws<HeraldException>(() => WorkMessages.ReadFeed(WorkMessages.File("x")));
    }
}
