using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Tests.Isolation;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>
/// Every real modprobe.d file of the corpus as the guide workstation's /etc/modprobe.d/vfio.conf, planned for the
/// guest card: the user's other lines stay, in order; planning again changes nothing; kmod reads a softdep with
/// vfio-pci for every driver and no ids= that names the card's colliding IDs.
/// </summary>
public sealed class ModprobeCorpusPlanTests
{
    public static TheoryData<string> Files => [.. RepositoryPaths.CorpusFileNames("modprobe").Where(n => n.EndsWith(".conf", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Plan_CorpusFileAsVfioConf_KeepsOtherLinesAndIsIdempotent(string name)
    {
        var text = await File.ReadAllTextAsync(RepositoryPaths.RequireCorpusFile("modprobe", name), TestContext.Current.CancellationToken);
        using var host = new TemporaryHostRoot();
        var root = IsolationHosts.Guide(host, text);
        var request = new IsolationRequest { Gpu = SampleWorkstation.GuestGpu };

        var plan = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), request);

        Assert.False(plan.IsRefused);
        var after = Assert.Single(plan.Changes!.Files).After;
        var before = ModprobeConfig.Parse("/etc/modprobe.d/vfio.conf", text);
        var touched = before.Lines
            .Where(l => (l.Directive == ModprobeDirective.Options && l.Module == "vfio_pci") ||
                        (l.Directive == ModprobeDirective.Softdep && plan.Drivers.Any(d => ModuleNames.Matches(l.Module!, d))))
            .SelectMany(l => Enumerable.Range(l.LineNumber, l.LastLineNumber - l.LineNumber + 1))
            .ToHashSet();
        var untouched = ModprobeConfig.SplitLines(text).Where((_, i) => !touched.Contains(i + 1)).ToList();
        AssertSubsequence(untouched, ModprobeConfig.SplitLines(after));

        root.WriteText("etc/modprobe.d/vfio.conf", after);
        var again = VfioBindingPlanner.Plan(root, IsolationHosts.Scan(root), request);
        Assert.True(again.Changes!.IsEmpty, $"Planning again changed the file:\n{string.Join("\n", again.Changes.Files.Select(f => f.After))}");

        var planned = ModprobeConfig.FromFiles([ModprobeConfig.Parse("/etc/modprobe.d/vfio.conf", after)]);
        foreach (var driver in plan.Drivers)
            Assert.Contains(planned.SoftdepFor(driver)!.Pre, p => ModuleNames.SameModule(p, "vfio-pci"));
        var effectiveIds = planned.ParameterValue("vfio-pci", "ids") ?? "";
        Assert.DoesNotContain("ab28", effectiveIds, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("73ff", effectiveIds, StringComparison.OrdinalIgnoreCase);

        var kmod = await ShowConfigAsync(after);
        foreach (var driver in plan.Drivers)
        {
            var line = ModprobeCorpusParseTests.Render(planned.SoftdepFor(driver)!);
            Assert.Contains(line, kmod);
        }
    }

    private static void AssertSubsequence(List<string> expected, List<string> actual)
    {
        var at = 0;
        foreach (var line in expected)
        {
            while (at < actual.Count && actual[at] != line) at++;
            Assert.True(at < actual.Count, $"The line '{line}' of the user's file is missing or out of order after the plan:\n{string.Join("\n", actual)}");
            at++;
        }
    }

    private static async Task<IReadOnlyList<string>> ShowConfigAsync(string vfioConf)
    {
        var directory = Directory.CreateTempSubdirectory("passthroughweb-corpus-plan-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "vfio.conf"), vfioConf, TestContext.Current.CancellationToken);
            return await Kmod.ShowConfigAsync(directory.FullName, TestContext.Current.CancellationToken);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
