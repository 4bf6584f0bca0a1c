using System.Text.Json;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Data;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary><c>history --all</c> and its filters: the audit trail of every host through the same query as the page and the API.</summary>
public sealed class HistoryAuditCommandTests : IAsyncLifetime
{
    private readonly TemporaryDataDirectory _data = new();
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    public async ValueTask InitializeAsync()
    {
        await using var db = await PassthroughDatabase.OpenAsync(_data.Path, CancellationToken.None);
        db.ChangeSets.Add(Set(1, "workstation", "host,isolate", "olivia", At, ChangeSetState.Applied));
        db.ChangeSets.Add(Set(2, "render-03", "isolate", "-2+3", At.AddMinutes(5), ChangeSetState.Failed));
        db.HistoryEvents.Add(new HistoryEventRecord { HostName = "workstation", Kind = "verification", At = At.AddHours(1), User = "olivia", Passed = false, Summary = "Verified after the reboot: steps host,isolate do not hold." });
        await db.SaveChangesAsync();
    }

    public ValueTask DisposeAsync()
    {
        _data.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync([.. args, "--data", _data.Path]);

    [Fact]
    public async Task History_OutcomeFailedExportCsv_PrintsBothFailuresSafeForASpreadsheet()
    {
        var run = await RunAsync("history", "--outcome", "failed", "--export", "csv");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var lines = run.StandardOutput.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Where(l => l.Trim().Length > 0).ToList();
        Assert.Equal("at,host,what,steps,user,outcome,summary,id,changeSetId", lines[0]);
        Assert.StartsWith("2026-12-01T09:00:00.000Z,workstation,verification,,olivia,failed,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2026-12-01T08:05:00.000Z,render-03,change-set,isolate,'-2+3,failed,", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Count);
    }

    [Fact]
    public async Task History_HostWithJson_PrintsThePageDocumentWithoutNextOnTheLastPage()
    {
        var run = await RunAsync("history", "--host", "workstation", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var page = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal(["verification", "change-set"], page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("what").GetString()));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task History_LimitOne_PrintsTheCursorThatLeadsToTheNextPage()
    {
        var first = await RunAsync("history", "--all", "--limit", "1");
        var cursor = first.StandardOutput.Split('\n').Single(l => l.StartsWith("next: ", StringComparison.Ordinal)).Split(' ')[1];

        var second = await RunAsync("history", "--all", "--limit", "1", "--after", cursor);

        Assert.Contains("verification", first.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("render-03", second.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("verification", second.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_BadFilters_IsAUsageErrorNamingEach()
    {
        var run = await RunAsync("history", "--step", "bios", "--outcome", "ok");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("step 'bios' is not a step", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("outcome 'ok' is not an outcome", run.StandardError, StringComparison.Ordinal);
        Assert.Equal("", run.StandardOutput);
    }

    private static ChangeSetRecord Set(long sequence, string host, string steps, string user, DateTimeOffset at, ChangeSetState state) => new()
    {
        Id = Guid.NewGuid(), Sequence = sequence, HostName = host, Steps = steps, User = user, CreatedAt = at, State = state.ToString(), RootPath = "/nonexistent",
        PlanJson = ChangeSetJson.Serialize(new ChangePlan { Steps = steps.Split(','), Summary = "Put 0000:07:00.0 on vfio-pci.", Files = [], Commands = [] }),
        FilesJson = "[]", CommandsJson = "[]",
    };
}
