using System.Text.Json;
using System.Text.RegularExpressions;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Tests.Data;
using PassthroughWeb.Tests.Deployment;

namespace PassthroughWeb.Tests.Cli;

/// <summary>The step verbs' part of docs/cli.md says what they really print and accept.</summary>
public sealed partial class StepCommandsDocumentationTests : IDisposable
{
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();
    private readonly string _docs = RepositoryFiles.ReadText("docs/cli.md");

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    private string Section(string verb)
    {
        var section = _docs[_docs.IndexOf($"### `{verb}`", StringComparison.Ordinal)..];
        var end = section.IndexOf("\n### ", 3, StringComparison.Ordinal);
        return end < 0 ? section : section[..end];
    }

    private JsonElement Example(string verb) => JsonDocument.Parse(JsonBlock().Match(Section(verb)).Groups[1].Value).RootElement;

    [Fact]
    public async Task PlanJsonExample_HasExactlyTheFieldsPlanPrints()
    {
        var planned = await CliRun.RunAsync("plan", "--gpu", SampleWorkstation.GuestGpu.ToString(), "--steps", "host,isolate", "--root", _host.Path, "--json", "--data", _data.Path);
        var refused = await CliRun.RunAsync("plan", "--gpu", SampleWorkstation.HostGpu.ToString(), "--steps", "host,isolate", "--root", _host.Path, "--json", "--data", _data.Path);
        Assert.True(planned.ExitCode == ExitCodes.Success, planned.ToString());
        Assert.True(refused.ExitCode == ExitCodes.Refused, refused.ToString());

        // A plan has files and commands; a refused one has the refusals: together they print every field.
        var printed = JsonFieldPaths.Of(JsonDocument.Parse(planned.StandardOutput).RootElement);
        printed.UnionWith(JsonFieldPaths.Of(JsonDocument.Parse(refused.StandardOutput).RootElement));
        Assert.Equal(JsonFieldPaths.Of(Example("plan")), printed);
    }

    [Fact]
    public async Task ApplyJsonExample_HasTheFieldsApplyPrints()
    {
        var run = await CliRun.RunAsync("apply", "--gpu", SampleWorkstation.GuestGpu.ToString(), "--steps", "host,isolate", "--root", _host.Path, "--json", "--yes", "--data", _data.Path);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());

        // The example abbreviates the embedded plan, which the plan example shows whole.
        static IEnumerable<string> Outer(JsonElement e) => JsonFieldPaths.Of(e).Where(p => !p.StartsWith("plan.", StringComparison.Ordinal));
        Assert.Equal(Outer(Example("apply")), Outer(JsonDocument.Parse(run.StandardOutput).RootElement));
    }

    [Fact]
    public async Task RollbackJsonExample_HasExactlyTheFieldsRollbackPrints()
    {
        var applied = await CliRun.RunAsync("apply", "--gpu", SampleWorkstation.GuestGpu.ToString(), "--steps", "host,isolate", "--root", _host.Path, "--yes", "--data", _data.Path);
        Assert.True(applied.ExitCode == ExitCodes.Success, applied.ToString());

        var run = await CliRun.RunAsync("rollback", applied.StandardOutput.Trim(), "--json", "--data", _data.Path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var printed = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal("rolledBack", printed.GetProperty("outcome").GetString());
        Assert.Equal(JsonFieldPaths.Of(Example("rollback")), JsonFieldPaths.Of(printed));
    }

    [Fact]
    public async Task HelpText_MentionsEveryOptionTheStepSectionsList()
    {
        foreach (var verb in new[] { "plan", "apply", "verify", "rehearse", "rollback", "history" })
        {
            var help = await CliRun.RunAsync(verb, "--help");
            foreach (Match option in Regex.Matches(Section(verb), @"^\| `(--[a-z-]+)", RegexOptions.Multiline))
                Assert.Contains(option.Groups[1].Value, help.StandardOutput, StringComparison.Ordinal);
        }
    }
}
