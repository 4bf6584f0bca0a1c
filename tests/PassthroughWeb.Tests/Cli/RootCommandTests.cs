using PassthroughWeb.Cli;

namespace PassthroughWeb.Tests.Cli;

public sealed class RootCommandTests
{
    [Theory]
    [InlineData(new[] { "--help" }, new[] { "scan", "serve" })]
    [InlineData(new[] { "scan", "--help" }, new[] { "--root", "--json", "--data", "--no-save" })]
    [InlineData(new[] { "serve", "--help" }, new[] { "--urls", "--data", "--root", "--demo", "--nsenter" })]
    [InlineData(new[] { "scan", "-h" }, new[] { "--root" })]
    public async Task Help_EveryVerb_ListsItsOptions(string[] args, string[] expected)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Usage:", run.StandardOutput, StringComparison.Ordinal);
        foreach (var option in expected) Assert.Contains(option, run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("", run.StandardError);
    }

    [Theory]
    [InlineData("scan", "--bogus")]
    [InlineData("scann")]
    [InlineData("scan", "--root")]
    [InlineData("serve", "--demo", "extra")]
    public async Task Parse_BadCommandLine_UsageErrorOnStderrOnly(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("", run.StandardOutput);
        Assert.Contains("--help", run.StandardError, StringComparison.Ordinal);
    }
}
