using PassthroughWeb.Cli;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary><c>user add|list|remove|set-role|reset-password</c> on a real data directory, through the real root command.</summary>
public sealed class UserCommandTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly TemporaryDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static CliServices Services(string stdin = "", params string[] prompted)
    {
        var answers = new Queue<string>(prompted);
        return CliServices.Default with
        {
            StandardInput = new StringReader(stdin),
            PromptSecret = _ => answers.Count > 0 ? answers.Dequeue() : null,
            Actor = new Actor("admin-on-host", Role.Admin, AuthenticationMethod.CommandLine),
        };
    }

    private Task<CliRun> RunAsync(CliServices services, params string[] args) => CliRun.RunAsync(services, [.. args, "--data", _data.Path]);

    [Fact]
    public async Task Add_PasswordFromStdin_ListedWithItsRole()
    {
        var added = await RunAsync(Services(Password + "\n"), "user", "add", "olivia", "--role", "operator", "--password-stdin");
        var list = await RunAsync(Services(), "user", "list");

        Assert.Equal(ExitCodes.Success, added.ExitCode);
        Assert.Contains("Added olivia as Operator.", added.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^olivia\s+operator\s+\d{4}-", list.StandardOutput);
    }

    [Fact]
    public async Task Add_PromptedTwice_TheSameTwiceAddsDifferentRefuses()
    {
        var same = await RunAsync(Services("", Password, Password), "user", "add", "alice", "--role", "admin");
        var differ = await RunAsync(Services("", Password, Password + "x"), "user", "add", "bob", "--role", "viewer");

        Assert.Equal(ExitCodes.Success, same.ExitCode);
        Assert.Equal(ExitCodes.Refused, differ.ExitCode);
        Assert.Contains("differ", differ.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("bob", (await RunAsync(Services(), "user", "list")).StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_NoTerminalAndNoStdinOption_SaysToUsePasswordStdin()
    {
        var run = await RunAsync(Services(), "user", "add", "alice", "--role", "admin");

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("--password-stdin", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_ShortPasswordOrUnknownRole_Refused()
    {
        var weak = await RunAsync(Services("short\n"), "user", "add", "alice", "--role", "admin", "--password-stdin");
        var role = await RunAsync(Services(Password + "\n"), "user", "add", "alice", "--role", "root", "--password-stdin");

        Assert.Equal(ExitCodes.Refused, weak.ExitCode);
        Assert.Contains("at least 12 characters", weak.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageError, role.ExitCode);
    }

    [Fact]
    public async Task SetRoleAndRemove_TheLastAdmin_RefusedUntilThereIsAnother()
    {
        await RunAsync(Services(Password + "\n"), "user", "add", "alice", "--role", "admin", "--password-stdin");

        var demote = await RunAsync(Services(), "user", "set-role", "alice", "viewer");
        var remove = await RunAsync(Services(), "user", "remove", "alice");
        await RunAsync(Services(Password + "\n"), "user", "add", "bob", "--role", "admin", "--password-stdin");
        var demoteNow = await RunAsync(Services(), "user", "set-role", "alice", "viewer");
        var removeNow = await RunAsync(Services(), "user", "remove", "alice");

        Assert.Equal((ExitCodes.Refused, ExitCodes.Refused), (demote.ExitCode, remove.ExitCode));
        Assert.Contains("last Admin", demote.StandardError, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (demoteNow.ExitCode, removeNow.ExitCode));
        Assert.DoesNotContain("alice", (await RunAsync(Services(), "user", "list")).StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetPassword_UnknownUser_NotFound()
    {
        var run = await RunAsync(Services(Password + "\n"), "user", "reset-password", "nobody", "--password-stdin");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
    }

    [Fact]
    public void FromEnvironment_UnderSudo_TheInvokingUserNotRoot()
    {
        var underSudo = CliActor.FromEnvironment(name => name == "SUDO_USER" ? "olivia" : null, "root");
        var direct = CliActor.FromEnvironment(_ => null, "root");

        Assert.Equal(new Actor("olivia", Role.Admin, AuthenticationMethod.CommandLine), underSudo);
        Assert.Equal("root", direct.Name);
    }
}
