using System.Diagnostics;
using Herald.Pipeline;
using Herald.Tests.Storage;

namespace Herald.Tests.Cli;

/// <summary>`herald user add|list|remove` as a user runs it, the password piped to stdin, on either store (`--store`).</summary>
public sealed class UserCommandTests
{
    private static async Task<CliHarness.Result> RunAsync(TestStoreLocation store, string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[CliHarness.CliDll, "--data", store.Dir, "--store", store.Url, .. args])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
        }

        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new CliHarness.Result(p.ExitCode, await stdout, await stderr);
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Adds_lists_and_removes_users_with_hashed_passwords(string kind)
    {
        await using var dir = TestStores.Create(kind, "users");
        var added = await RunAsync(dir, "s3cret-passphrase\n", "user", "add", "alice", "--password-stdin");
        Assert.Equal(0, added.ExitCode);
        Assert.DoesNotContain("s3cret", added.Stdout + added.Stderr, StringComparison.Ordinal);

        await using (var store = await dir.OpenAsync())
        {
            var user = await ((IReaderStore)store).GetUserAsync("Alice", CancellationToken.None);
            Assert.NotNull(user);
            Assert.DoesNotContain("s3cret", user.PasswordHash, StringComparison.Ordinal);
            Assert.True(ReaderPasswords.Verify("s3cret-passphrase", user.PasswordHash));
        }

        var again = await RunAsync(dir, "another-password\n", "user", "add", "alice");
        Assert.Equal(2, again.ExitCode);
        Assert.Equal("herald: alice: a user with this name exists (remove it first to change the password)", again.Stderr.Trim());

        var shortPassword = await RunAsync(dir, "short\n", "user", "add", "bob");
        Assert.Equal(2, shortPassword.ExitCode);
        Assert.Contains("too short", shortPassword.Stderr, StringComparison.Ordinal);
        var noPassword = await RunAsync(dir, "", "user", "add", "bob");
        Assert.Equal(2, noPassword.ExitCode);
        Assert.Contains("no password", noPassword.Stderr, StringComparison.Ordinal);

        var list = await RunAsync(dir, null, "user", "list");
        Assert.StartsWith("alice  (added ", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("bob", list.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync(dir, null, "user", "remove", "alice")).ExitCode);
        var gone = await RunAsync(dir, null, "user", "remove", "alice");
        Assert.Equal(2, gone.ExitCode);
        Assert.Equal("herald: alice: no such user", gone.Stderr.Trim());
        Assert.Contains("no users yet", (await RunAsync(dir, null, "user", "list")).Stdout, StringComparison.Ordinal);
    }
}
