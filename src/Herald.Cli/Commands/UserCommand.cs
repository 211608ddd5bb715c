using System.CommandLine;
using System.Globalization;
using System.Text;
using Herald.Model;
using Herald.Pipeline;

namespace Herald.Cli.Commands;

/// <summary>
/// `herald user add|list|remove`: accounts for the reader-app APIs (Google Reader at /api/greader, Fever at /api/fever), each with its
/// own read and starred state. Passwords are read from stdin, never from the command line (where `ps` and shell
/// history would show them), never echoed, and stored only as a PBKDF2 hash.
/// </summary>
internal static class UserCommand
{
    public const int MinPasswordLength = 8;

    public static Command Create()
    {
        var command = new Command("user", "Accounts for reader apps (NetNewsWire, Reeder, newsboat…): per-user read and starred state");

        var name = new Argument<string>("NAME") { Description = "User name (what the reader app calls Email or Username)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password as the first line of stdin (for scripts); otherwise it is asked for without echo" };
        var add = new Command("add", "Add an account; its password is asked for (or read from stdin)") { name, passwordStdin };
        add.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var user = ReaderPasswords.CheckName(r.GetValue(name));
            await using var opened = await CliContext.OpenStoreAsync(r, ct);
            var store = CliContext.Readers(opened);
            if (await store.GetUserAsync(user, ct) is not null)
            {
                throw new HeraldException(user, "a user with this name exists (remove it first to change the password)");
            }

            var password = ReadPassword(user, r.GetValue(passwordStdin) || Console.IsInputRedirected);
            if (await store.AddUserAsync(user, ReaderPasswords.Hash(password), DateTimeOffset.UtcNow, ct) is not { } added)
            {
                throw new HeraldException(user, "a user with this name exists");
            }

            await store.AddTokenAsync(added.Id, ReaderPasswords.FeverTokenHash(ReaderPasswords.FeverKey(user, password)), DateTimeOffset.UtcNow, ct);
            await Console.Out.WriteLineAsync($"added user {user}: point a reader app at http://HOST:PORT/api/greader (Google Reader) or http://HOST:PORT/api/fever (Fever) with this name and password");
            return 0;
        }));

        var list = new Command("list", "List accounts");
        list.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var opened = await CliContext.OpenStoreAsync(r, ct);
            var store = CliContext.Readers(opened);
            var users = await store.ListUsersAsync(ct);
            foreach (var u in users)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{u.Name}  (added {u.Created.UtcDateTime:yyyy-MM-dd})"));
            }

            if (users.Count == 0)
            {
                await Console.Out.WriteLineAsync("no users yet: add one with `herald user add NAME`");
            }

            return 0;
        }));

        var removeName = new Argument<string>("NAME") { Description = "User name" };
        var remove = new Command("remove", "Remove an account with its sign-ins and read and starred state") { removeName };
        remove.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var user = r.GetValue(removeName)!;
            await using var opened = await CliContext.OpenStoreAsync(r, ct);
            var store = CliContext.Readers(opened);
            if (!await store.RemoveUserAsync(user, ct))
            {
                throw new HeraldException(user, "no such user");
            }

            await Console.Out.WriteLineAsync($"removed user {user}");
            return 0;
        }));

        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        command.Subcommands.Add(remove);
        return command;
    }

    private static string ReadPassword(string user, bool fromStdin)
    {
        string? password;
        if (fromStdin)
        {
            password = Console.In.ReadLine();
            if (password is null)
            {
                throw new HeraldException("stdin", "no password: send it as the first line");
            }
        }
        else
        {
            password = Prompt($"password for {user}: ");
            if (Prompt("again: ") != password)
            {
                throw new HeraldException(user, "the two passwords differ; nothing was added");
            }
        }

        if (password.Length < MinPasswordLength)
        {
            throw new HeraldException(fromStdin ? "stdin" : user, $"the password is too short ({password.Length} characters; use at least {MinPasswordLength}); nothing was added");
        }

        return password;
    }

    /// <summary>Reads a line from the terminal without echoing it.</summary>
    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
