using PassthroughWeb.Cli;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Access;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary><c>token create|revoke --agent HOSTNAME</c>: one token per host, Admin only, stored hashed, through the real root command.</summary>
public sealed class AgentTokenCommandTests : IDisposable
{
    private readonly TemporaryDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static CliServices Services(Role role = Role.Admin, string stdin = "") => CliServices.Default with
    {
        StandardInput = new StringReader(stdin),
        PromptSecret = _ => null,
        Actor = new Actor("root", role, AuthenticationMethod.CommandLine),
    };

    private Task<CliRun> RunAsync(CliServices services, params string[] args) => CliRun.RunAsync(services, [.. args, "--data", _data.Path]);

    private async Task AddAdminAsync() =>
        Assert.Equal(ExitCodes.Success, (await RunAsync(Services(stdin: "correct horse battery staple\n"), "user", "add", "alice", "--role", "admin", "--password-stdin")).ExitCode);

    [Fact]
    public async Task Create_PrintsTheTokenAloneAsTheLastLine_BoundToTheHostAndStoredHashed()
    {
        await AddAdminAsync();

        var run = await RunAsync(Services(), "token", "create", "--agent", "gpu-node-017");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var token = run.StandardOutput.TrimEnd('\n').Split('\n')[^1];
        Assert.Matches("^pwt_[A-Za-z0-9_-]{43}$", token);
        await using var db = await PassthroughDatabase.OpenAsync(_data.Path, TestContext.Current.CancellationToken);
        var stored = Assert.Single(db.AccessTokens);
        Assert.Equal((AccessTokenKind.Agent, "gpu-node-017", SecretToken.Hash(token)), (stored.Kind, stored.Name, stored.Hash));
        Assert.Null(stored.ExpiresAt);
        // Recorded with the Admin who stands behind root's command line.
        Assert.Equal("alice", db.Users.Single(u => u.Id == stored.UserId).UserName);
    }

    [Fact]
    public async Task ASecondTokenForTheSameHost_IsRefusedUntilTheFirstIsRevoked()
    {
        await AddAdminAsync();

        var first = await RunAsync(Services(), "token", "create", "--agent", "render-003");
        var second = await RunAsync(Services(), "token", "create", "--agent", "render-003");
        var revoke = await RunAsync(Services(), "token", "revoke", "--agent", "render-003");
        var third = await RunAsync(Services(), "token", "create", "--agent", "render-003");

        Assert.Equal((ExitCodes.Success, ExitCodes.Refused, ExitCodes.Success, ExitCodes.Success), (first.ExitCode, second.ExitCode, revoke.ExitCode, third.ExitCode));
        Assert.Contains("already has an agent token", second.StandardError, StringComparison.Ordinal);
        Assert.Equal("", second.StandardOutput);
        Assert.NotEqual(first.StandardOutput, third.StandardOutput);
    }

    [Fact]
    public async Task AnOperator_MayNeitherCreateNorRevokeAgentTokens()
    {
        await AddAdminAsync();
        Assert.Equal(ExitCodes.Success, (await RunAsync(Services(), "token", "create", "--agent", "gpu-node-017")).ExitCode);

        var create = await RunAsync(Services(Role.Operator), "token", "create", "--agent", "render-003");
        var revoke = await RunAsync(Services(Role.Operator), "token", "revoke", "--agent", "gpu-node-017");

        Assert.Equal((ExitCodes.NotAllowed, ExitCodes.NotAllowed), (create.ExitCode, revoke.ExitCode));
        await using var db = await PassthroughDatabase.OpenAsync(_data.Path, TestContext.Current.CancellationToken);
        var stored = Assert.Single(db.AccessTokens);
        Assert.Null(stored.RevokedAt);
    }

    [Theory]
    [InlineData(ExitCodes.UsageError, "token", "create")]
    [InlineData(ExitCodes.UsageError, "token", "create", "--user", "alice", "--agent", "gpu-node-017")]
    [InlineData(ExitCodes.UsageError, "token", "create", "--agent", "gpu-node-017", "--expires-days", "3")]
    [InlineData(ExitCodes.Refused, "token", "create", "--agent", "gpu node 017")]
    [InlineData(ExitCodes.NotFound, "token", "revoke", "--agent", "render-003")]
    [InlineData(ExitCodes.UsageError, "token", "revoke", "--user", "alice")]
    public async Task BadInput_SaysWhyAndChangesNothing(int exitCode, params string[] args)
    {
        await AddAdminAsync();

        var run = await RunAsync(Services(), args);

        Assert.True(exitCode == run.ExitCode, run.ToString());
        Assert.NotEqual("", run.StandardError.Trim());
        await using var db = await PassthroughDatabase.OpenAsync(_data.Path, TestContext.Current.CancellationToken);
        Assert.Empty(db.AccessTokens);
    }

    [Fact]
    public async Task WithoutAnyAdmin_TheTokenIsRefusedSayingToAddOneFirst()
    {
        var run = await RunAsync(Services(), "token", "create", "--agent", "gpu-node-017");

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("user add", run.StandardError, StringComparison.Ordinal);
    }
}
