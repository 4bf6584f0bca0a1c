using System.Globalization;
using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// Turns the guest's evidence into checks in plain words. Every check reads what the guest itself reported: the
/// command line from its /proc/cmdline (never inferred from the IOMMU groups: Debian's kernel turns VT-d on by
/// default), the drivers and groups from its sysfs, the order of the binding script against udev from the kernel's
/// clock.
/// </summary>
public static class RehearsalJudge
{
    public const string ImageRuns = "The image unpacks and runs";
    public const string ModulesLoad = "The vfio modules load";
    public const string BindingBeforeUdev = "The binding script runs before udev without error";
    public const string ParametersOnCommandLine = "The parameters are on the command line";
    public const string ChosenOnVfio = "The chosen device is on vfio-pci";
    public const string OthersKeepDrivers = "The other display devices keep their drivers";
    public const string GroupsExist = "IOMMU groups exist";

    /// <summary>udev's start time is counted in 10 ms ticks, rounded down: a script that ran within the same tick still ran first.</summary>
    private const double TickTolerance = 0.01;

    public static IReadOnlyList<RehearsalCheck> Judge(RehearsalEvidence evidence, RehearsalExpectation expected, IReadOnlyList<EmulatedDisplay> displays)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(displays);
        var checks = new List<RehearsalCheck>();
        if (!evidence.Began)
        {
            checks.Add(Fail(ImageRuns, "The guest never reached the rehearsal's evidence script: the kernel could not unpack the image, or its init stopped before the devices were set up. The console log shows where it stopped."));
            return checks;
        }
        checks.Add(evidence.Ended
            ? Pass(ImageRuns, $"The kernel unpacked the image and its init ran ({evidence.System ?? "the initramfs"}) up to the point where the root file system would be mounted.")
            : Fail(ImageRuns, "The image ran, but the evidence script stopped before its end: the evidence below is partial."));

        if (expected.Modules.Count > 0)
        {
            var loaded = evidence.Modules.ToHashSet(StringComparer.Ordinal);
            var missing = expected.Modules.Where(m => !loaded.Contains(m)).ToList();
            checks.Add(missing.Count == 0
                ? Pass(ModulesLoad, $"{string.Join(", ", expected.Modules)} are loaded in the guest.")
                : Fail(ModulesLoad, $"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not loaded in the guest: the image lacks {(missing.Count == 1 ? "it" : "them")} or nothing loads {(missing.Count == 1 ? "it" : "them")} early. vfio-pci cannot take the card without them."));
        }

        if (expected.BindsByAddress) checks.Add(Binding(evidence, expected));

        if (expected.KernelParameters.Count > 0 || expected.ForbiddenParameters.Count > 0) checks.Add(Parameters(evidence, expected));

        var emulated = expected.PassedFunctions.Where(f => !expected.NotEmulated.Contains(f)).ToList();
        if (expected.NotEmulated.Count > 0)
        {
            checks.Add(new RehearsalCheck
            {
                Name = ChosenOnVfio, Passed = false, Skipped = true,
                Message = $"Not rehearsed: QEMU cannot emulate {string.Join(", ", expected.NotEmulated)} with its real vendor and device ID, so whether vfio-pci takes it is seen only after the real reboot (verify).",
            });
        }
        if (emulated.Count > 0)
        {
            var problems = new List<string>();
            var good = new List<string>();
            foreach (var function in emulated)
            {
                var device = evidence.Devices.FirstOrDefault(d => d.Address == function);
                if (device is null) problems.Add($"{function} is not in the guest");
                else if (device.Driver != "vfio-pci") problems.Add($"{function} is on {device.Driver ?? "no driver"}, not vfio-pci{VfioProbeFailure(evidence, function)}");
                else good.Add($"{function} ({device.VendorDevice}) is on vfio-pci");
            }
            checks.Add(problems.Count == 0 ? Pass(ChosenOnVfio, string.Join("; ", good) + ".") : Fail(ChosenOnVfio, string.Join("; ", problems) + "."));

            var others = displays.Where(d => !expected.PassedFunctions.Contains(d.Address)).ToList();
            if (others.Count > 0 && expected.NotEmulated.Count == 0)
            {
                var wrong = new List<string>();
                var kept = new List<string>();
                foreach (var other in others)
                {
                    var device = evidence.Devices.FirstOrDefault(d => d.Address == other.Address);
                    if (device is null) wrong.Add($"{other.Address} is not in the guest");
                    else if (device.Driver == "vfio-pci") wrong.Add($"{other.Address} ({device.VendorDevice}) was taken by vfio-pci too: the binding is not limited to the chosen card");
                    else if (device.Driver is null) wrong.Add($"{other.Address} ({device.VendorDevice}) has no driver: {other.Driver} did not take it");
                    else kept.Add($"{other.Address} ({device.VendorDevice}) keeps {device.Driver}");
                }
                checks.Add(wrong.Count == 0 ? Pass(OthersKeepDrivers, string.Join("; ", kept) + ".") : Fail(OthersKeepDrivers, string.Join("; ", wrong) + "."));
            }
        }

        if (evidence.IommuGroups is not { } groups || groups == 0)
            checks.Add(Fail(GroupsExist, "The guest kernel made no IOMMU groups: the IOMMU is off (a parameter turns it off, or the machine has none), so vfio-pci cannot take any device."));
        else
        {
            var ungrouped = emulated.Where(f => evidence.Devices.FirstOrDefault(d => d.Address == f)?.IommuGroup is null).ToList();
            checks.Add(ungrouped.Count == 0
                ? Pass(GroupsExist, $"The guest kernel made {groups} IOMMU groups{(emulated.Count > 0 ? "; " + string.Join(", ", emulated.Select(f => $"{f} is in group {evidence.Devices.First(d => d.Address == f).IommuGroup}")) : "")}.")
                : Fail(GroupsExist, $"The guest kernel made {groups} IOMMU groups, but {string.Join(", ", ungrouped)} is in none."));
        }
        return checks;
    }

    private static RehearsalCheck Binding(RehearsalEvidence evidence, RehearsalExpectation expected)
    {
        var messages = evidence.BindingMessages;
        if (messages.Count == 0)
            return Fail(BindingBeforeUdev, "The binding script left no message in the kernel log: it is not in the image, or nothing ran it.");
        // A card QEMU cannot emulate is not in the guest: the script saying so is what it must do there.
        var errors = messages.Where(m => !m.Text.EndsWith("probed", StringComparison.Ordinal)
                                         && !expected.NotEmulated.Any(f => m.Text.StartsWith($"{RehearsalEvidence.BindingPrefix}{f}: no such device", StringComparison.Ordinal)))
            .ToList();
        if (errors.Count > 0)
            return Fail(BindingBeforeUdev, "The binding script reported: " + string.Join(" / ", errors.Select(m => m.Text[RehearsalEvidence.BindingPrefix.Length..])) + ".");
        var first = messages[0].Seconds;
        var takenFirst = expected.PassedFunctions.Where(f => !expected.NotEmulated.Contains(f))
            .SelectMany(f => evidence.KernelMessages.Where(m => m.Seconds < first && !m.Text.StartsWith("vfio", StringComparison.Ordinal)
                                                                && m.Text.Contains("Initialized ", StringComparison.Ordinal) && m.Text.Contains(" for " + f, StringComparison.Ordinal)))
            .ToList();
        if (takenFirst.Count > 0)
            return Fail(BindingBeforeUdev, $"A host driver took the card before the binding script ran ({takenFirst[0].Text}): the script runs too late.");
        if (evidence.UdevStartedAt is not { } udev)
            return Fail(BindingBeforeUdev, "The binding script ran without error, but udev's start could not be read in the guest, so the order is unknown.");
        var when = first.ToString("0.000", CultureInfo.InvariantCulture);
        var udevWhen = udev.ToString("0.00", CultureInfo.InvariantCulture);
        var bound = messages.Where(m => m.Text.EndsWith("probed", StringComparison.Ordinal)).Select(m => m.Text[RehearsalEvidence.BindingPrefix.Length..].Split(": ", 2)[0]).ToList();
        var what = bound.Count > 0
            ? $"bound {string.Join(", ", bound)} without error"
            : $"found no device at {string.Join(", ", expected.NotEmulated)} in the guest, as it must where QEMU cannot emulate the card";
        return first <= udev + TickTolerance
            ? Pass(BindingBeforeUdev, $"The binding script ran at {when} s, before udev started at {udevWhen} s, and {what}.")
            : Fail(BindingBeforeUdev, $"The binding script ran at {when} s, after udev started at {udevWhen} s: a GPU driver can claim the card first. It must sort before udev in init-top (initramfs-tools) or run as a pre-udev hook (dracut).");
    }

    private static RehearsalCheck Parameters(RehearsalEvidence evidence, RehearsalExpectation expected)
    {
        if (evidence.CommandLine is null) return Fail(ParametersOnCommandLine, "The guest did not report its /proc/cmdline.");
        var running = KernelCommandLine.Parse(evidence.CommandLine).Parameters;
        var missing = expected.KernelParameters.Where(p => !HostChangeVerifier.Holds(running, p)).ToList();
        var present = expected.ForbiddenParameters.Where(p => HostChangeVerifier.Holds(running, p)).ToList();
        if (missing.Count == 0 && present.Count == 0)
            return Pass(ParametersOnCommandLine, $"The guest's /proc/cmdline holds {string.Join(' ', expected.KernelParameters)}.");
        var words = new List<string>();
        if (missing.Count > 0) words.Add($"{string.Join(' ', missing)} {(missing.Count == 1 ? "is" : "are")} not in effect on the guest's command line");
        if (present.Count > 0) words.Add($"{string.Join(' ', present)} {(present.Count == 1 ? "is" : "are")} still on it");
        return Fail(ParametersOnCommandLine, string.Join("; ", words) + $" (/proc/cmdline: {evidence.CommandLine}).");
    }

    private static string VfioProbeFailure(RehearsalEvidence evidence, Scanning.PciAddress function)
    {
        var failure = evidence.KernelMessages.FirstOrDefault(m => m.Text.Contains(function.ToString(), StringComparison.Ordinal) && m.Text.Contains("failed", StringComparison.Ordinal));
        return failure is null ? "" : $" (kernel: {failure.Text})";
    }

    private static RehearsalCheck Pass(string name, string message) => new() { Name = name, Passed = true, Message = message };
    private static RehearsalCheck Fail(string name, string message) => new() { Name = name, Passed = false, Message = message };
}
