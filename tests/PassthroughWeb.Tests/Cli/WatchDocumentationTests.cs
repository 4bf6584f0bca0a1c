using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Tests.Deployment;

namespace PassthroughWeb.Tests.Cli;

/// <summary>The `watch` section of docs/cli.md lists every event the feed carries and only options the verb takes.</summary>
public sealed partial class WatchDocumentationTests
{
    private readonly string _section = SectionOf(RepositoryFiles.ReadText("docs/cli.md"));

    private static string SectionOf(string docs)
    {
        var section = docs[docs.IndexOf("## `watch`", StringComparison.Ordinal)..];
        var end = section.IndexOf("\n## ", 3, StringComparison.Ordinal);
        return end < 0 ? section : section[..end];
    }

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [Fact]
    public void EventTable_ListsEveryTypeTheFeedCarries()
    {
        var types = typeof(HostEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => (string)a.TypeDiscriminator!).ToList();

        Assert.NotEmpty(types);
        Assert.All(types, type => Assert.Contains($"`{type}`", _section, StringComparison.Ordinal));
    }

    [Fact]
    public void JsonExample_IsAnEventAsTheFeedWritesIt()
    {
        var line = JsonBlock().Match(_section).Groups[1].Value;

        var parsed = Assert.IsType<FileWritten>(HostEventJson.Deserialize(line));

        Assert.Equal(
            JsonDocument.Parse(line).RootElement.EnumerateObject().Select(p => p.Name).Order(),
            JsonDocument.Parse(HostEventJson.Serialize(parsed)).RootElement.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task HelpText_MentionsEveryOptionTheSectionLists()
    {
        var help = await CliRun.RunAsync("watch", "--help");
        var options = Regex.Matches(_section, @"^\| `(--[a-z-]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(["--url", "--token", "--host", "--json", "--fingerprint"], options);
        Assert.All(options, option => Assert.Contains(option, help.StandardOutput, StringComparison.Ordinal));
    }
}
