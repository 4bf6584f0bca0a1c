using System.Text.Json;
using System.Text.RegularExpressions;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary><c>plan</c> prints the plan's id, and <c>apply --plan-id</c> applies exactly that plan or nothing.</summary>
public sealed partial class ApplyPlanIdCommandTests : IDisposable
{
    private static readonly string Gpu = SampleWorkstation.GuestGpu.ToString();
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync([.. args, "--data", _data.Path]);

    private Task<CliRun> ApplyAsync(string planId) =>
        Run("apply", "--gpu", Gpu, "--steps", "host,isolate", "--root", _host.Path, "--yes", "--plan-id", planId);

    [GeneratedRegex(@"^Plan id  (pl_[0-9a-f]{24}) \(apply --plan-id \1 applies exactly this plan\)$", RegexOptions.Multiline)]
    private static partial Regex PlanIdLine();

    [Fact]
    public async Task Plan_PrintsItsIdInTextAndJsonAlike()
    {
        var text = await Run("plan", "--gpu", Gpu, "--steps", "host,isolate", "--root", _host.Path);
        var json = await Run("plan", "--gpu", Gpu, "--steps", "host,isolate", "--root", _host.Path, "--json");

        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        Assert.True(json.ExitCode == ExitCodes.Success, json.ToString());
        var fromText = PlanIdLine().Match(text.StandardOutput);
        Assert.True(fromText.Success, text.ToString());
        Assert.Equal(fromText.Groups[1].Value, JsonDocument.Parse(json.StandardOutput).RootElement.GetProperty("planId").GetString());
    }

    [Fact]
    public async Task Apply_WithThePlanIdOfAnUnchangedHost_AppliesIt()
    {
        var planId = await PlanIdAsync();

        var apply = await ApplyAsync(planId);

        Assert.True(apply.ExitCode == ExitCodes.Success, apply.ToString());
        Assert.True(Guid.TryParse(apply.StandardOutput.Trim(), out _), apply.ToString());
        Assert.Contains("intel_iommu=on iommu=pt", File.ReadAllText(_host.MachinePath("etc/default/grub")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_AfterAFileChanged_Exits22SayingWhatChangedAndWritesNothing()
    {
        var planId = await PlanIdAsync();
        _host.Root.WriteText("etc/default/grub", SampleWorkstation.GrubDefaults("quiet splash loglevel=3"));
        var before = _host.Snapshot();

        var apply = await ApplyAsync(planId);

        Assert.True(apply.ExitCode == ExitCodes.PlanStale, apply.ToString());
        Assert.Equal(22, ExitCodes.PlanStale);
        Assert.Empty(apply.StandardOutput);
        Assert.Contains($"the host no longer gives the plan you saw ({planId})", apply.StandardError, StringComparison.Ordinal);
        Assert.Contains("/etc/default/grub changed on the host since the plan was shown", apply.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
    }

    [Fact]
    public async Task Apply_AfterAFileChanged_JsonSaysStale()
    {
        var planId = await PlanIdAsync();
        _host.Root.WriteText("etc/default/grub", SampleWorkstation.GrubDefaults("quiet splash loglevel=3"));

        var apply = await Run("apply", "--gpu", Gpu, "--steps", "host,isolate", "--root", _host.Path, "--yes", "--plan-id", planId, "--json");

        Assert.True(apply.ExitCode == ExitCodes.PlanStale, apply.ToString());
        var document = JsonDocument.Parse(apply.StandardOutput).RootElement;
        Assert.Contains("/etc/default/grub", document.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, document.GetProperty("changeSetId").ValueKind);
    }

    [Fact]
    public async Task Apply_WithSomethingThatIsNoPlanId_UsageErrorAndNothingChanged()
    {
        var before = _host.Snapshot();

        var apply = await ApplyAsync("garbage");

        Assert.True(apply.ExitCode == ExitCodes.UsageError, apply.ToString());
        Assert.Equal(2, ExitCodes.UsageError);
        Assert.Contains("'garbage' is not a plan id", apply.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "plans")) && Directory.EnumerateFileSystemEntries(Path.Combine(_data.Path, "plans")).Any());
    }

    [Fact]
    public async Task Apply_WithThePlanIdAlone_AppliesTheStepsCardAndOptionsThatWereShown()
    {
        var planId = await PlanIdAsync();

        var apply = await Run("apply", "--plan-id", planId, "--root", _host.Path, "--yes");

        Assert.True(apply.ExitCode == ExitCodes.Success, apply.ToString());
        Assert.True(Guid.TryParse(apply.StandardOutput.Trim(), out _), apply.ToString());
        Assert.Contains("intel_iommu=on iommu=pt", File.ReadAllText(_host.MachinePath("etc/default/grub")), StringComparison.Ordinal);
        Assert.Contains("vfio-pci", File.ReadAllText(_host.MachinePath("etc/modprobe.d/vfio.conf")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_WithThePlanIdAloneAfterAFileChanged_Exits22AndWritesNothing()
    {
        var planId = await PlanIdAsync();
        _host.Root.WriteText("etc/default/grub", SampleWorkstation.GrubDefaults("quiet splash loglevel=3"));
        var before = _host.Snapshot();

        var apply = await Run("apply", "--plan-id", planId, "--root", _host.Path, "--yes");

        Assert.True(apply.ExitCode == ExitCodes.PlanStale, apply.ToString());
        Assert.Contains("/etc/default/grub changed on the host since the plan was shown", apply.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
    }

    [Fact]
    public async Task Apply_WithAPlanIdNeverShown_Exits22NamingTheDataDirectory()
    {
        var before = _host.Snapshot();

        var apply = await Run("apply", "--plan-id", "pl_0123456789abcdef01234567", "--root", _host.Path, "--yes");

        Assert.True(apply.ExitCode == ExitCodes.PlanStale, apply.ToString());
        Assert.Contains("no plan pl_0123456789abcdef01234567 was shown in the last 7 days", apply.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
    }

    [Fact]
    public async Task Apply_WithThePlanIdAloneButWithoutYes_ChangesNothing()
    {
        var planId = await PlanIdAsync();
        var before = _host.Snapshot();

        var apply = await Run("apply", "--plan-id", planId, "--root", _host.Path);

        Assert.True(apply.ExitCode == ExitCodes.Refused, apply.ToString());
        Assert.Contains($"apply --plan-id {planId} --yes", apply.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, _host.Snapshot());
    }

    [Fact]
    public async Task Apply_WithNeitherStepsNorPlanId_IsAUsageError()
    {
        var apply = await Run("apply", "--gpu", Gpu, "--root", _host.Path, "--yes");

        Assert.True(apply.ExitCode == ExitCodes.UsageError, apply.ToString());
        Assert.Contains("'--steps' is required, or '--plan-id ID' alone", apply.StandardError, StringComparison.Ordinal);
    }

    private async Task<string> PlanIdAsync()
    {
        var plan = await Run("plan", "--gpu", Gpu, "--steps", "host,isolate", "--root", _host.Path, "--json");
        Assert.True(plan.ExitCode == ExitCodes.Success, plan.ToString());
        return JsonDocument.Parse(plan.StandardOutput).RootElement.GetProperty("planId").GetString()!;
    }
}
