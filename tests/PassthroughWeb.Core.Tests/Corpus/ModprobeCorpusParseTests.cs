using System.Text.RegularExpressions;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Tests.Isolation;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>Every real modprobe.d file of the corpus, read by our parser and by the real kmod: the two must agree line for line.</summary>
public sealed partial class ModprobeCorpusParseTests
{
    public static TheoryData<string> Files => [.. RepositoryPaths.CorpusFileNames("modprobe").Where(n => n.EndsWith(".conf", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Parse_CorpusFile_ReadsWhatKmodReads(string name)
    {
        var path = RepositoryPaths.RequireCorpusFile("modprobe", name);
        var directory = Directory.CreateTempSubdirectory("passthroughweb-modprobe-");
        try
        {
            File.Copy(path, Path.Combine(directory.FullName, "corpus.conf"));
            var kmod = await Kmod.ShowConfigAsync(directory.FullName, TestContext.Current.CancellationToken);
            var ours = ModprobeConfig.Parse("/etc/modprobe.d/corpus.conf", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))
                .Lines.Where(l => l.SyntaxError is null).Select(Render).ToList();

            Assert.Equal(kmod.Order(StringComparer.Ordinal), ours.Order(StringComparer.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Parse_CorpusFolder_HasFiles()
    {
        var folder = RepositoryPaths.RequireCorpus("modprobe");
        Assert.True(Directory.EnumerateFiles(folder, "*.conf").Count() >= 40, "the corpus holds 41 real modprobe.d files");
    }

    /// <summary>A command the way <c>modprobe --showconfig</c> prints it (kmod 30), blanks collapsed.</summary>
    internal static string Render(ModprobeLine line)
    {
        var text = line.Directive switch
        {
            ModprobeDirective.Options => $"options {line.Module} {string.Join(' ', line.Parameters)}",
            ModprobeDirective.Blacklist => $"blacklist {line.Module}",
            ModprobeDirective.Install or ModprobeDirective.Remove => $"{line.Command} {line.Module} {line.Target}",
            ModprobeDirective.Alias => $"alias {line.Module} {line.Target}",
            ModprobeDirective.Softdep => $"softdep {line.Module}{(line.Pre.Count > 0 ? " pre: " + string.Join(' ', line.Pre) : "")}{(line.Post.Count > 0 ? " post: " + string.Join(' ', line.Post) : "")}",
            _ => line.Text,
        };
        return Blanks().Replace(text, " ").Trim();
    }

    [GeneratedRegex("[ \t]+")]
    private static partial Regex Blanks();
}
