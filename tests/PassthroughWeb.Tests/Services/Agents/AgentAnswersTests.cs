using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Services.Vm;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Tests.Services.Agents;

public sealed class AgentAnswersTests
{
    private static readonly PciAddress Video = PciAddress.Parse("0000:07:00.0");

    /// <summary>An RTX 3080 in a running VM whose Windows has NVIDIA's 456.71 driver and a hypervisor it can see: Code 43.</summary>
    private static GuestStepReport Code43Report() => new()
    {
        Vm = "win11",
        Connection = "qemu:///system",
        MarkedDoneAt = new DateTimeOffset(2026, 12, 7, 17, 30, 5, TimeSpan.Zero),
        Report = GuestDriverCheck.Evaluate(new GuestDriverCheckInput
        {
            DomainName = "win11",
            DomainState = "running",
            Gpu = new PciDevice { Address = Video, VendorId = "10de", DeviceId = "2206", ClassCode = "0300", DeviceName = "GA102 [GeForce RTX 3080]" },
            GpuFunctions = [Video],
            LiveHostdevAddresses = [Video],
            HypervisorHidden = false,
            Agent = new GuestAgentAnswers
            {
                Ping = new() { Status = GuestAgentStatus.Answered, Value = true, Explanation = "answered" },
                OsInfo = new() { Status = GuestAgentStatus.Answered, Value = new GuestOsInfo { Id = "mswindows", Name = "Microsoft Windows", PrettyName = "Windows 11 Pro", VersionId = "11" }, Explanation = "answered" },
                Devices = new()
                {
                    Status = GuestAgentStatus.Answered,
                    Value = GuestDeviceInfo.ListFromReturn(GuestAgentReply.Parse(
                        """{"return":[{"driver-date":1602720000000000000,"driver-name":"NVIDIA GeForce RTX 3080","id":{"device-id":8710,"type":"pci","vendor-id":4318},"driver-version":"27.21.14.5671"}]}""").Return!.Value)!,
                    Explanation = "answered",
                },
            },
        }),
    };

    [Fact]
    public void Guest_TheAgentsGuestDocument_ReadsBackAsTheReportItWasMadeFrom()
    {
        var sent = Code43Report();
        Assert.Contains(sent.Report!.DetectedProblems, p => p.Id == KnownProblemId.Code43);
        Assert.NotNull(sent.Report.Advice.NvidiaGeneration);
        var document = JsonSerializer.Serialize(VmDocumentMapper.Guest(new StepHost { Name = "gpu-node-049", Root = "/" }, Video, sent), CliJsonContext.Output.GuestDocument);

        var read = AgentAnswers.Guest("win11", StepAnswer.Of(document));

        Assert.Equal((sent.Vm, sent.Connection, sent.Problem, sent.MarkedDoneAt), (read.Vm, read.Connection, read.Problem, read.MarkedDoneAt));
        Assert.Equal(sent.Report.Checks, read.Report!.Checks);
        Assert.Equal(sent.Report.DetectedProblems, read.Report.DetectedProblems);
        Assert.Equal(sent.Report.ProblemsToWatch, read.Report.ProblemsToWatch);
        var (a, b) = (sent.Report.Advice, read.Report.Advice);
        Assert.Equal((a.Vendor, a.GpuName, a.DownloadPage, a.WhatToDownload, a.NvidiaGeneration, a.HiddenHypervisor), (b.Vendor, b.GpuName, b.DownloadPage, b.WhatToDownload, b.NvidiaGeneration, b.HiddenHypervisor));
        Assert.Equal(a.WhatYouShouldSee, b.WhatYouShouldSee);
        Assert.Equal(a.Notes, b.Notes);
        // The document keeps the advice's problems as those found and those to watch: every one of them is back.
        Assert.All(a.KnownProblems, p => Assert.Contains(p, b.KnownProblems));
    }

    [Fact]
    public void GuestDone_AViewersRefusalAndAnOfflineAgent_DeniedAndNotMarkedSayingWhy()
    {
        var offline = StepAnswer.Refused(StepAnswerRefusal.Offline, "Nothing was done: gpu-node-049's agent is offline.");

        var denied = AgentAnswers.GuestDone("win11", PassthroughWeb.Tests.Services.TestActors.Viewer, StepAnswer.Refused(StepAnswerRefusal.NotAllowed, "no"));
        var notMarked = AgentAnswers.GuestDone("win11", PassthroughWeb.Tests.Services.TestActors.Operator, offline);

        Assert.Equal(Core.Access.Role.Operator, denied.Denied?.Required);
        Assert.False(notMarked.Value.Marked);
        Assert.Null(notMarked.Value.Report);
        Assert.Contains("gpu-node-049's agent is offline", notMarked.Value.Message, StringComparison.Ordinal);
        Assert.Equal("Nothing was done: gpu-node-049's agent is offline.", AgentAnswers.Guest("win11", offline).Problem);
    }
}
