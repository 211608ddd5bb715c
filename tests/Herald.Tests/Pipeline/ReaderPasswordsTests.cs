using Herald.Model;
using Herald.Pipeline;

namespace Herald.Tests.Pipeline;

public sealed class ReaderPasswordsTests
{
    [Fact]
    public void A_hash_verifies_its_password_only_and_names_its_parameters()
    {
        var hash = ReaderPasswords.Hash("correct horse battery");
        Assert.StartsWith("pbkdf2-sha256$600000$", hash, StringComparison.Ordinal);
        Assert.DoesNotContain("correct", hash, StringComparison.Ordinal);
        Assert.True(ReaderPasswords.Verify("correct horse battery", hash));
        Assert.False(ReaderPasswords.Verify("correct horse batter", hash));
        Assert.False(ReaderPasswords.Verify("", hash));
    }

    [Fact]
    public void Each_hash_has_its_own_salt()
    {
        var a = ReaderPasswords.Hash("same password");
        var b = ReaderPasswords.Hash("same password");
        Assert.NotEqual(a, b);
        Assert.NotEqual(a.Split('$')[2], b.Split('$')[2]);
    }

    [Fact]
    public void A_lower_iteration_count_stays_verifiable_and_malformed_hashes_verify_nothing()
    {
        var old = ReaderPasswords.Hash("pw-from-before", new byte[16], 1000);
        Assert.True(ReaderPasswords.Verify("pw-from-before", old));
        foreach (var bad in new[] { "", "plain", "pbkdf2-sha256$x$AAAA$AAAA", "pbkdf2-sha256$1000$!!$AAAA", "md5$1$AAAA$AAAA" })
        {
            Assert.False(ReaderPasswords.Verify("anything", bad));
        }
    }

    [Fact]
    public void Tokens_are_random_and_stored_as_hashes()
    {
        var t = ReaderPasswords.NewToken();
        Assert.Equal(64, t.Length);
        Assert.NotEqual(t, ReaderPasswords.NewToken());
        Assert.NotEqual(t, ReaderPasswords.TokenHash(t));
        Assert.Equal(ReaderPasswords.TokenHash(t), ReaderPasswords.TokenHash(t));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" alice")]
    [InlineData("al\nice")]
    public void Bad_user_names_are_refused_by_name(string name) =>
        Assert.Throws<HeraldException>(() => ReaderPasswords.CheckName(name));
}
