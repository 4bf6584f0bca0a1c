using System.Text.Json;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary>plan and apply of step 2 on a host with no graphics card and no IOMMU: no <c>--gpu</c> needed, and a clear word where one is.</summary>
public sealed class StepCommandsWithoutGpuTests : IDisposable
{
    private readonly HeadlessServer _host = new();
    private readonly TemporaryDataDirectory _data = new();

    public void Dispose()
    {
        _host.Dispose();
        _data.Dispose();
    }

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync([.. args, "--data", _data.Path]);

    [Fact]
    public async Task Plan_StepsHostWithoutGpu_PlansGrubWithTheIntelParameters()
    {
        var run = await Run("plan", "--steps", "host", "--root", _host.Path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("+GRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=on iommu=pt\"", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("no card: step 2 does not need one", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_StepsHostWithoutGpuJson_GpuIsNull()
    {
        var run = await Run("plan", "--steps", "host", "--root", _host.Path, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var plan = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal(JsonValueKind.Null, plan.GetProperty("gpu").ValueKind);
        Assert.Equal("planned", plan.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Apply_StepsHostWithoutGpu_WritesGrubAndRecordsTheChangeSet()
    {
        var run = await Run("apply", "--steps", "host", "--root", _host.Path, "--yes");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.True(Guid.TryParse(run.StandardOutput.Trim(), out _), run.ToString());
        Assert.Contains("intel_iommu=on iommu=pt", File.ReadAllText(_host.MachinePath("etc/default/grub")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("host,isolate")]
    [InlineData("isolate")]
    [InlineData("vm")]
    public async Task Plan_StepThatNeedsACardWithoutGpu_UsageErrorThatNamesGpu(string steps)
    {
        var run = await Run("plan", "--steps", steps, "--root", _host.Path);

        Assert.True(run.ExitCode == ExitCodes.UsageError, run.ToString());
        Assert.Contains("--gpu is required with --steps " + steps, run.StandardError, StringComparison.Ordinal);
    }
}
