using System.Text.Json;
using System.Text.RegularExpressions;
using PassthroughWeb.Cli;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Tests.Deployment;

namespace PassthroughWeb.Tests.Cli;

/// <summary>docs/cli.md is the contract scripts read: it must say what the executable really does.</summary>
public sealed partial class CliDocumentationTests : IDisposable
{
    private readonly WorkstationHost _host = new();
    private readonly string _docs = RepositoryFiles.ReadText("docs/cli.md");

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [Fact]
    public void ExitCodes_EveryCodeIsDocumentedWithItsNumber()
    {
        var codes = typeof(ExitCodes).GetFields().ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

        Assert.Equal(codes.Count, codes.Values.Distinct().Count());
        foreach (var (name, value) in codes)
            Assert.Contains($"| {value} | `{name}` |", _docs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonExample_HasExactlyTheFieldsTheScanPrints()
    {
        var run = await CliRun.RunAsync("scan", "--root", _host.Path, "--json", "--no-save");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var printed = JsonDocument.Parse(run.StandardOutput);
        using var documented = JsonDocument.Parse(JsonBlock().Match(_docs).Groups[1].Value);

        Assert.Equal(JsonFieldPaths.Of(printed.RootElement), JsonFieldPaths.Of(documented.RootElement));
        Assert.Equal(ScanDocumentFieldCount(), JsonFieldPaths.Of(printed.RootElement).Count);
    }

    [Fact]
    public void FieldTables_DescribeEveryField()
    {
        using var printed = JsonDocument.Parse(JsonBlock().Match(_docs).Groups[1].Value);

        foreach (var path in JsonFieldPaths.Of(printed.RootElement))
        {
            var name = path[(path.LastIndexOf('.') + 1)..].Replace("[]", "", StringComparison.Ordinal);
            Assert.True(_docs.Contains($"`{name}`", StringComparison.Ordinal) || _docs.Contains($"`{path}`", StringComparison.Ordinal),
                $"docs/cli.md does not describe {path}");
        }
    }

    [Fact]
    public async Task HelpText_MentionsEveryOptionTheDocsList()
    {
        foreach (var verb in new[] { "scan", "serve" })
        {
            var help = await CliRun.RunAsync(verb, "--help");
            var section = _docs[_docs.IndexOf($"## `{verb}`", StringComparison.Ordinal)..];
            section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
            foreach (Match option in Regex.Matches(section, @"^\| `(--[a-z-]+)", RegexOptions.Multiline))
                Assert.Contains(option.Groups[1].Value, help.StandardOutput, StringComparison.Ordinal);
        }
    }

    /// <summary>The number of properties of the DTO records: catches a field added to the records but not to the docs.</summary>
    private static int ScanDocumentFieldCount()
    {
        var nested = new[]
        {
            typeof(HostDocument), typeof(CpuDocument), typeof(IommuDocument),
            typeof(DeviceDocument), typeof(IommuGroupDocument), typeof(GpuDocument),
        };
        return typeof(ScanDocument).GetProperties().Length + nested.Sum(t => t.GetProperties().Length);
    }

    public void Dispose() => _host.Dispose();
}
