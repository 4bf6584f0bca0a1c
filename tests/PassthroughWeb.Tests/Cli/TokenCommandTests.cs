using PassthroughWeb.Cli;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Access;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary><c>token create|list|revoke</c> on a real data directory, through the real root command.</summary>
public sealed class TokenCommandTests : IDisposable
{
    private readonly TemporaryDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static CliServices Services(string stdin = "") => CliServices.Default with
    {
        StandardInput = new StringReader(stdin),
        PromptSecret = _ => null,
        Actor = new Actor("admin-on-host", Role.Admin, AuthenticationMethod.CommandLine),
    };

    private Task<CliRun> RunAsync(CliServices services, params string[] args) => CliRun.RunAsync(services, [.. args, "--data", _data.Path]);

    private async Task AddUserAsync(string name) =>
        Assert.Equal(ExitCodes.Success, (await RunAsync(Services("correct horse battery staple\n"), "user", "add", name, "--role", "operator", "--password-stdin")).ExitCode);

    [Fact]
    public async Task Create_PrintsTheTokenAloneAsTheLastLine_StoredOnlyAsItsHash()
    {
        await AddUserAsync("ci");

        var run = await RunAsync(Services(), "token", "create", "--user", "ci", "--name", "nightly", "--expires-days", "30");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var token = run.StandardOutput.TrimEnd('\n').Split('\n')[^1];
        Assert.Matches("^pwt_[A-Za-z0-9_-]{43}$", token);
        await using var db = await PassthroughDatabase.OpenAsync(_data.Path, TestContext.Current.CancellationToken);
        var stored = Assert.Single(db.AccessTokens);
        Assert.Equal(SecretToken.Hash(token), stored.Hash);
        Assert.DoesNotContain(token, File.ReadAllText(PassthroughDatabase.PathIn(_data.Path), System.Text.Encoding.Latin1), StringComparison.Ordinal);
        Assert.Equal(AccessTokenKind.User, stored.Kind);
        Assert.NotNull(stored.ExpiresAt);
    }

    [Fact]
    public async Task Create_SameNameTwice_RefusedUntilRevoked()
    {
        await AddUserAsync("ci");

        var first = await RunAsync(Services(), "token", "create", "--user", "ci", "--name", "deploy");
        var second = await RunAsync(Services(), "token", "create", "--user", "ci", "--name", "deploy");
        var revoke = await RunAsync(Services(), "token", "revoke", "--user", "ci", "--name", "deploy");
        var third = await RunAsync(Services(), "token", "create", "--user", "ci", "--name", "deploy");

        Assert.Equal((ExitCodes.Success, ExitCodes.Refused, ExitCodes.Success, ExitCodes.Success), (first.ExitCode, second.ExitCode, revoke.ExitCode, third.ExitCode));
    }

    [Fact]
    public async Task List_ShowsStatesAndNeverTheSecret()
    {
        await AddUserAsync("ci");
        var created = await RunAsync(Services(), "token", "create", "--user", "ci", "--name", "old");
        await RunAsync(Services(), "token", "revoke", "--user", "ci", "--name", "old");
        await RunAsync(Services(), "token", "create", "--user", "ci");

        var list = await RunAsync(Services(), "token", "list", "--user", "ci");

        Assert.Equal(ExitCodes.Success, list.ExitCode);
        Assert.Matches(@"(?m)^ci\s+old\s+user\s+.*revoked$", list.StandardOutput);
        Assert.Matches(@"(?m)^ci\s+default\s+user\s+.*never\s+active$", list.StandardOutput);
        Assert.DoesNotContain(created.StandardOutput.Trim(), list.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeAndCreate_UnknownUserOrToken_NotFound()
    {
        await AddUserAsync("ci");

        var revoke = await RunAsync(Services(), "token", "revoke", "--user", "ci", "--name", "nope");
        var create = await RunAsync(Services(), "token", "create", "--user", "ghost");

        Assert.Equal((ExitCodes.NotFound, ExitCodes.NotFound), (revoke.ExitCode, create.ExitCode));
        Assert.Equal("", create.StandardOutput);
    }

    [Fact]
    public async Task Create_AViewerOnTheCommandLine_NotAllowedForSomeoneElse()
    {
        await AddUserAsync("ci");
        var viewer = Services() with { Actor = new Actor("victor", Role.Viewer, AuthenticationMethod.CommandLine) };

        var run = await RunAsync(viewer, "token", "create", "--user", "ci");

        Assert.Equal(ExitCodes.NotAllowed, run.ExitCode);
        Assert.Equal("", run.StandardOutput);
    }
}
