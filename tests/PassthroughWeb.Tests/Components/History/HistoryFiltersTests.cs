using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PassthroughWeb.Components.History;
using PassthroughWeb.Core.History;

namespace PassthroughWeb.Tests.Components.History;

public sealed class HistoryFiltersTests : BunitContext
{
    private readonly List<AuditFilter> _raised = [];

    public HistoryFiltersTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static readonly AuditFilter Workstation = new()
    {
        Host = "workstation",
        Outcome = AuditOutcome.Failed,
        From = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
        To = new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero),
    };

    private IRenderedComponent<HistoryFilters> Render(AuditFilter filter, params string[] hosts) =>
        Render<HistoryFilters>(p => p
            .Add(f => f.Filter, filter)
            .Add(f => f.Hosts, hosts)
            .Add(f => f.FilterChanged, (AuditFilter f) => _raised.Add(f)));

    private static IElement Input(IRenderedComponent<HistoryFilters> view, string testId) =>
        view.FindAll($"input[data-testid={testId}], [data-testid={testId}] input")[0];

    [Fact]
    public void Render_Filter_ShowsItsDaysWithToAsTheLastDayIncluded()
    {
        var view = Render(Workstation, "workstation", "gpu-node-017");

        Assert.Equal("2026-12-01", Input(view, "filter-from").GetAttribute("value"));
        Assert.Equal("2026-12-07", Input(view, "filter-to").GetAttribute("value"));
        Assert.NotEmpty(view.FindAll("[data-testid=filter-clear]"));
    }

    [Fact]
    public void User_Typed_RaisesTheFilterWithTheUserAndKeepsTheRest()
    {
        var view = Render(Workstation);

        Input(view, "filter-user").Change("alice");

        Assert.Equal(Workstation with { User = "alice" }, Assert.Single(_raised));
    }

    [Fact]
    public void From_AfterTo_SaysWhyAndRaisesNothing()
    {
        var view = Render(Workstation);

        Input(view, "filter-from").Change("2026-12-09");

        Assert.Empty(_raised);
        Assert.Contains("must be before to", view.Find("[data-testid=filter-problem]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void To_Picked_RaisesTheEndOfThatDay()
    {
        var view = Render(AuditFilter.None);

        Input(view, "filter-to").Change("2026-12-03");

        Assert.Equal(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero), Assert.Single(_raised).To);
    }

    [Fact]
    public void ClearFilters_Pressed_RaisesTheEmptyFilter()
    {
        var view = Render(Workstation);

        view.Find("[data-testid=filter-clear]").Click();

        Assert.True(Assert.Single(_raised).IsEmpty);
    }

    [Fact]
    public void Render_EmptyFilter_OffersNoClearButton() =>
        Assert.Empty(Render(AuditFilter.None, "workstation").FindAll("[data-testid=filter-clear]"));

    [Fact]
    public async Task Outcome_Chosen_RaisesTheFilterWithThatOutcome()
    {
        var view = Render(new AuditFilter { Host = "workstation" });
        var outcome = view.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Outcome");

        await view.InvokeAsync(() => outcome.Instance.ValueChanged.InvokeAsync("rolled-back"));

        Assert.Equal(new AuditFilter { Host = "workstation", Outcome = AuditOutcome.RolledBack }, Assert.Single(_raised));
    }

    [Fact]
    public async Task Host_AllHostsChosen_RaisesTheFilterWithoutHost()
    {
        var view = Render(Workstation, "workstation");
        var host = view.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Host");

        await view.InvokeAsync(() => host.Instance.ValueChanged.InvokeAsync(""));

        Assert.Null(Assert.Single(_raised).Host);
    }
}
