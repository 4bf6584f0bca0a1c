using PassthroughWeb.Data;
using PassthroughWeb.Components.Pages;
using PassthroughWeb.Core.Checklist;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Checklist;
using PassthroughWeb.Tests.Components.Steps;

namespace PassthroughWeb.Tests.Components.Pages;

/// <summary>The hosts page's search, filter and order over a demo workstation and a host that has done everything.</summary>
public sealed class HostListTests : IDisposable
{
    private readonly DemoWorkstationPlans _demo = new();

    public void Dispose() => _demo.Dispose();

    [Theory]
    [InlineData("", HostFilter.All, new[] { "gaming-rig", "workstation" })]
    [InlineData("07:00.0 gaming", HostFilter.All, new[] { "gaming-rig" })]
    [InlineData("0000:07:00.0", HostFilter.All, new[] { "gaming-rig", "workstation" })]
    [InlineData("GAMING", HostFilter.All, new[] { "gaming-rig" })]
    [InlineData("no-such-thing", HostFilter.All, new string[0])]
    [InlineData("", HostFilter.Todo, new[] { "workstation" })]
    [InlineData("", HostFilter.Complete, new[] { "gaming-rig" })]
    [InlineData("", HostFilter.Attention, new string[0])]
    [InlineData("", HostFilter.ReadyGpu, new[] { "gaming-rig", "workstation" })]
    public void Arrange_SearchAndFilter_ShowsTheMatchingHostsByName(string search, HostFilter filter, string[] expected)
    {
        Assert.Equal(expected, HostList.Arrange(Hosts(), search, filter, HostSort.Name).Select(h => h.Name));
    }

    [Fact]
    public void Arrange_ByProgress_PutsTheHostWithTheMostToDoFirst()
    {
        Assert.Equal(["workstation", "gaming-rig"], HostList.Arrange(Hosts(), "", HostFilter.All, HostSort.Progress).Select(h => h.Name));
    }

    [Fact]
    public void Arrange_ByScan_PutsTheNewestScanFirst()
    {
        Assert.Equal(["workstation", "gaming-rig"], HostList.Arrange(Hosts(), null, HostFilter.All, HostSort.Scan).Select(h => h.Name));
    }

    private IReadOnlyList<HostStanding> Hosts()
    {
        StepFacts done = new() { Plan = StepPlanFact.NothingToDo };
        return
        [
            Standing("workstation", DateTimeOffset.Parse("2026-12-06T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), [done, done, new(), new(), new()]),
            Standing("gaming-rig", DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), [done, done, done, done, new() { MarkedDone = true }]),
        ];
    }

    private HostStanding Standing(string name, DateTimeOffset scanned, StepFacts[] facts) => new()
    {
        Host = new HostOverview { Name = name, IsDemo = false, Source = HostSource.Local, LastScan = scanned, ProfileCount = 1, Report = _demo.Scan with { HostName = name } },
        Progress = ChecklistProgress.Of(facts),
        Source = "local",
    };
}
