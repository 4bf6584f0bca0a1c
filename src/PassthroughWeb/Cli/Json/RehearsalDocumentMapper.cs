using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Services;

namespace PassthroughWeb.Cli.Json;

/// <summary>Maps a rehearsal to the <c>rehearse --json</c> contract, field by field.</summary>
public static class RehearsalDocumentMapper
{
    public static RehearsalDocument Map(StepRehearsalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var report = result.Report;
        var setup = report.Setup;
        return new RehearsalDocument
        {
            SchemaVersion = RehearsalDocument.CurrentSchemaVersion,
            Host = new HostDocument { Name = result.Preview.Host.Name, Root = result.Preview.Host.Root },
            Gpu = result.Preview.Gpu!.Value.ToString(), // a rehearsal is always of a card
            Steps = [.. result.Preview.Steps.Select(HostSteps.NameOf)],
            Outcome = OutcomeName(report.Outcome),
            Summary = report.Summary,
            KernelVersion = setup?.KernelVersion,
            InitramfsSystem = setup is null ? null : InitramfsDetector.Name(setup.InitramfsSystem),
            Iommu = setup?.Iommu.ToString().ToLowerInvariant(),
            CommandLine = setup?.CommandLine,
            QemuCommand = setup?.QemuCommand,
            AcceleratorChoice = report.Acceleration is { } asked ? ChoiceName(asked.Choice) : null,
            Accelerator = AcceleratorName(report.Acceleration?.Accelerator),
            AcceleratorNote = report.Acceleration?.Note,
            KvmFallback = report.Acceleration?.KvmFallback ?? false,
            Checks = [.. report.Checks.Select(c => new RehearsalCheckDocument { Name = c.Name, Passed = c.Passed, Skipped = c.Skipped, Message = c.Message })],
            Devices = [.. (report.Evidence?.Devices ?? []).Select(d => new RehearsalDeviceDocument
            {
                Address = d.Address.ToString(), Id = d.VendorDevice, Driver = d.Driver, IommuGroup = d.IommuGroup, DriverOverride = d.DriverOverride,
            })],
            DurationSeconds = Math.Round(report.Duration.TotalSeconds, 1),
            ConsoleLog = report.ConsoleLog,
        };
    }

    public static string OutcomeName(RehearsalOutcome outcome) => outcome switch
    {
        RehearsalOutcome.Passed => "passed",
        RehearsalOutcome.Failed => "failed",
        RehearsalOutcome.TimedOut => "timed-out",
        RehearsalOutcome.Crashed => "crashed",
        RehearsalOutcome.ImageFailed => "image-failed",
        RehearsalOutcome.KvmUnavailable => "kvm-unavailable",
        _ => "unavailable",
    };

    public static string ChoiceName(AcceleratorChoice choice) => choice switch
    {
        AcceleratorChoice.Kvm => "kvm",
        AcceleratorChoice.Tcg => "tcg",
        _ => "auto",
    };

    public static string? AcceleratorName(QemuAccelerator? accelerator) => accelerator switch
    {
        QemuAccelerator.Kvm => "kvm",
        QemuAccelerator.Tcg => "tcg",
        _ => null,
    };
}
