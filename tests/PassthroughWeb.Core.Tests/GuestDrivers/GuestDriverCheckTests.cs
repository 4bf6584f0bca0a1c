using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.GuestDrivers;

public sealed class GuestDriverCheckTests
{
    private static readonly PciAddress Video = PciAddress.Parse("0000:07:00.0");
    private static readonly PciAddress Audio = PciAddress.Parse("0000:07:00.1");

    private static GuestAgentResult<T> Answered<T>(T value) => new() { Status = GuestAgentStatus.Answered, Value = value, Explanation = "answered" };

    private static GuestOsInfo Windows11 => new() { Id = "mswindows", Name = "Microsoft Windows", PrettyName = "Windows 11 Pro", VersionId = "11" };

    private static GuestAgentAnswers WindowsWith(string reply) => new()
    {
        Ping = Answered(true),
        OsInfo = Answered(Windows11),
        Devices = Answered(GuestDeviceInfo.ListFromReturn(GuestAgentReply.Parse(reply).Return!.Value)!),
    };

    private static GuestAgentAnswers WindowsWithGpu(string name, string version) => WindowsWith(
        $$"""{"return":[{"driver-date":1682899200000000000,"driver-name":"{{name}}","id":{"device-id":8710,"type":"pci","vendor-id":4318},"driver-version":"{{version}}"}]}""");

    private static GuestDriverCheckInput Input(string state = "running", IReadOnlyList<PciAddress>? live = null, GuestAgentAnswers? agent = null, bool? hidden = null) => new()
    {
        DomainName = "win11",
        DomainState = state,
        Gpu = GpuDevices.Rtx3080,
        GpuFunctions = [Video, Audio],
        LiveHostdevAddresses = live ?? [Video, Audio],
        HypervisorHidden = hidden,
        Agent = agent,
    };

    private static GuestCheck Check(GuestDriverReport report, string subject) => report.Checks.Single(c => c.Subject == subject);

    [Fact]
    public void Evaluate_WindowsListsTheCardWithA465PlusDriver_PassesEveryCheck()
    {
        var report = GuestDriverCheck.Evaluate(Input(agent: WindowsWithGpu("NVIDIA GeForce RTX 3080", "31.0.15.3179")));

        Assert.True(report.AllPassed, string.Join("\n", report.Checks.Select(c => $"{c.Subject}: {c.Outcome} {c.Message}")));
        Assert.Equal([GuestDriverCheck.RunningSubject, GuestDriverCheck.LiveXmlSubject, GuestDriverCheck.AgentSubject, GuestDriverCheck.OsSubject, GuestDriverCheck.WindowsListsSubject],
            report.Checks.Select(c => c.Subject));
        Assert.Contains("\"NVIDIA GeForce RTX 3080\" with driver version 31.0.15.3179 of 2023-05-01 (NVIDIA driver 531.79)", Check(report, GuestDriverCheck.WindowsListsSubject).Message, StringComparison.Ordinal);
        Assert.Contains("Windows 11 Pro", Check(report, GuestDriverCheck.OsSubject).Message, StringComparison.Ordinal);
        Assert.Empty(report.DetectedProblems);
    }

    [Fact]
    public void Evaluate_VmShutOff_FailsTheFirstCheckAndCannotTellTheRest()
    {
        var report = GuestDriverCheck.Evaluate(Input(state: "shut off"));

        Assert.Equal(GuestCheckOutcome.Failed, Check(report, GuestDriverCheck.RunningSubject).Outcome);
        Assert.Contains("is shut off", Check(report, GuestDriverCheck.RunningSubject).Message, StringComparison.Ordinal);
        Assert.All(report.Checks.Skip(1), c => Assert.Equal(GuestCheckOutcome.Unknown, c.Outcome));
    }

    [Fact]
    public void Evaluate_AudioFunctionMissingFromTheLiveXml_NamesIt()
    {
        var report = GuestDriverCheck.Evaluate(Input(live: [Video], agent: WindowsWithGpu("NVIDIA GeForce RTX 3080", "31.0.15.3179")));

        var check = Check(report, GuestDriverCheck.LiveXmlSubject);
        Assert.Equal(GuestCheckOutcome.Failed, check.Outcome);
        Assert.Contains("lacks 0000:07:00.1", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CardNotInTheLiveXml_SaysTheXmlWasEditedWhileRunning()
    {
        var report = GuestDriverCheck.Evaluate(Input(live: []));

        Assert.Contains("only from the next start", Check(report, GuestDriverCheck.LiveXmlSubject).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AgentNotAnswering_IsAWarningAndTheGuestCannotBeSeen()
    {
        var silent = new GuestAgentResult<bool> { Status = GuestAgentStatus.AgentNotAnswering, Explanation = "no agent answers" };
        var agent = new GuestAgentAnswers
        {
            Ping = silent,
            OsInfo = new GuestAgentResult<GuestOsInfo> { Status = GuestAgentStatus.AgentNotAnswering, Explanation = "no agent answers" },
            Devices = new GuestAgentResult<IReadOnlyList<GuestDeviceInfo>> { Status = GuestAgentStatus.AgentNotAnswering, Explanation = "no agent answers" },
        };

        var report = GuestDriverCheck.Evaluate(Input(agent: agent));

        Assert.Equal(GuestCheckOutcome.Warning, Check(report, GuestDriverCheck.AgentSubject).Outcome);
        Assert.Equal(GuestCheckOutcome.Unknown, Check(report, GuestDriverCheck.WindowsListsSubject).Outcome);
        Assert.Contains("Device Manager yourself", Check(report, GuestDriverCheck.WindowsListsSubject).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BasicDisplayAdapter_DetectsTheMissingDriver()
    {
        var report = GuestDriverCheck.Evaluate(Input(agent: WindowsWithGpu("Microsoft Basic Display Adapter", "10.0.19041.3636")));

        Assert.Equal(GuestCheckOutcome.Failed, Check(report, GuestDriverCheck.WindowsListsSubject).Outcome);
        Assert.Equal([KnownProblems.DriverNotInstalled], report.DetectedProblems);
    }

    [Fact]
    public void Evaluate_NvidiaDriverBefore465WithoutHiddenHypervisor_DetectsCode43()
    {
        var report = GuestDriverCheck.Evaluate(Input(agent: WindowsWithGpu("NVIDIA GeForce RTX 3080", "27.21.14.5671"), hidden: false));

        Assert.Equal(GuestCheckOutcome.Failed, Check(report, GuestDriverCheck.WindowsListsSubject).Outcome);
        Assert.Contains("456.71", Check(report, GuestDriverCheck.WindowsListsSubject).Message, StringComparison.Ordinal);
        Assert.Equal([KnownProblems.Code43], report.DetectedProblems);
        Assert.DoesNotContain(KnownProblems.Code43, report.ProblemsToWatch);
    }

    [Fact]
    public void Evaluate_NvidiaDriverBefore465WithHiddenHypervisor_Passes()
    {
        var report = GuestDriverCheck.Evaluate(Input(agent: WindowsWithGpu("NVIDIA GeForce RTX 3080", "27.21.14.5671"), hidden: true));

        Assert.Equal(GuestCheckOutcome.Passed, Check(report, GuestDriverCheck.WindowsListsSubject).Outcome);
        Assert.Empty(report.DetectedProblems);
    }

    [Fact]
    public void Evaluate_WindowsDoesNotListTheCard_FailsAndPointsAtTheDriver()
    {
        var report = GuestDriverCheck.Evaluate(Input(agent: WindowsWith(GuestAgentRepliesTests.WindowsDevicesReply.Replace("8710", "8711", StringComparison.Ordinal))));

        var check = Check(report, GuestDriverCheck.WindowsListsSubject);
        Assert.Equal(GuestCheckOutcome.Failed, check.Outcome);
        Assert.Contains("does not list the card (10de:2206)", check.Message, StringComparison.Ordinal);
        Assert.Contains(KnownProblems.DriverNotInstalled, report.DetectedProblems);
    }

    /// <summary>A Linux guest, with the answers the real qemu-ga on this machine gives.</summary>
    [Fact]
    public async Task Evaluate_RealLinuxAgentAnswers_WarnsNotWindowsAndCannotListDevices()
    {
        await using var realAgent = await RealQemuGuestAgent.StartAsync();
        var os = GuestOsInfo.FromReturn(GuestAgentReply.Parse(await realAgent.ExecuteAsync("guest-get-osinfo")).Return!.Value)!;
        var devicesReply = GuestAgentReply.Parse(await realAgent.ExecuteAsync("guest-get-devices"));
        var (status, explanation) = VirshAgentCommand.Classify($"{devicesReply.ErrorClass}: {devicesReply.ErrorDescription}", "qemu:///system", "win11", "guest-get-devices");
        var agent = new GuestAgentAnswers
        {
            Ping = Answered(GuestAgentReply.Parse(await realAgent.ExecuteAsync("guest-ping")).Return is not null),
            OsInfo = Answered(os),
            Devices = new GuestAgentResult<IReadOnlyList<GuestDeviceInfo>> { Status = status, Explanation = explanation },
        };

        var report = GuestDriverCheck.Evaluate(Input(agent: agent));

        Assert.Equal(GuestCheckOutcome.Passed, Check(report, GuestDriverCheck.AgentSubject).Outcome);
        Assert.Equal(GuestCheckOutcome.Warning, Check(report, GuestDriverCheck.OsSubject).Outcome);
        Assert.Contains(os.DisplayName + ", not Windows", Check(report, GuestDriverCheck.OsSubject).Message, StringComparison.Ordinal);
        Assert.Equal(GuestCheckOutcome.Unknown, Check(report, GuestDriverCheck.WindowsListsSubject).Outcome);
        Assert.Contains("only in the Windows agent", Check(report, GuestDriverCheck.WindowsListsSubject).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PolarisCard_KeepsTheResetBugAmongTheProblemsToWatch()
    {
        var input = Input() with { Gpu = GpuDevices.Rx580 };

        var report = GuestDriverCheck.Evaluate(input);

        Assert.Contains(KnownProblems.ResetBug, report.ProblemsToWatch);
    }
}
