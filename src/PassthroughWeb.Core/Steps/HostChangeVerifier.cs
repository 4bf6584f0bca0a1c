using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Steps;

/// <summary>
/// After the reboot: step 2 holds when the running command line (<c>proc/cmdline</c>) has every planned parameter and
/// none it had to lose, and the kernel has made IOMMU groups; step 3 holds when <see cref="IsolationVerifier"/> finds
/// every function on vfio-pci, the host's GPU on its own driver and no boot framebuffer in the card's memory.
/// </summary>
public static class HostChangeVerifier
{
    /// <param name="scan">A scan made now, after the reboot.</param>
    public static StepVerification Verify(HostRoot root, ScanReport scan, StepExpectations expected)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(expected);
        var checks = new List<StepCheck>();
        if (expected.Steps.Contains(HostStep.Host)) checks.AddRange(CommandLine(root, scan, expected));
        if (expected.Steps.Contains(HostStep.Isolate))
        {
            var isolation = IsolationVerifier.Verify(root, scan, expected.PassedFunctions, expected.HostGpu);
            checks.AddRange(isolation.Checks.Select(c => new StepCheck { Step = HostStep.Isolate, Subject = c.Device.ToString(), Passed = c.Passed, Message = c.Message }));
        }
        return new StepVerification { Checks = checks };
    }

    private static IEnumerable<StepCheck> CommandLine(HostRoot root, ScanReport scan, StepExpectations expected)
    {
        var text = root.TryReadText("proc/cmdline");
        if (text is null)
        {
            yield return new StepCheck { Step = HostStep.Host, Subject = "/proc/cmdline", Passed = false, Message = "/proc/cmdline could not be read, so the running command line is unknown." };
            yield break;
        }
        var running = KernelCommandLine.Parse(text.Trim()).Parameters;
        foreach (var parameter in expected.KernelParameters)
        {
            var found = Holds(running, parameter);
            yield return new StepCheck
            {
                Step = HostStep.Host,
                Subject = parameter,
                Passed = found,
                Message = found
                    ? $"The running kernel was booted with {parameter}."
                    : $"{parameter} is missing from the running command line (/proc/cmdline: {text.Trim()}). The boot configuration was edited, but this boot did not use it: check that the regeneration command ran (the history shows it) and that the host booted the entry that was edited.",
            };
        }
        foreach (var parameter in expected.ForbiddenParameters)
        {
            if (!Holds(running, parameter)) continue;
            yield return new StepCheck { Step = HostStep.Host, Subject = parameter, Passed = false, Message = $"{parameter} is still on the running command line: it keeps the IOMMU off." };
        }
        yield return scan.Iommu.Enabled && scan.Groups.Count > 0
            ? new StepCheck { Step = HostStep.Host, Subject = "IOMMU groups", Passed = true, Message = $"The IOMMU is on: {scan.Groups.Count} IOMMU groups exist." }
            : new StepCheck { Step = HostStep.Host, Subject = "IOMMU groups", Passed = false, Message = $"No IOMMU groups exist (sys/kernel/iommu_groups is empty): {scan.Iommu.Explanation}" };
    }

    /// <summary>
    /// Whether the command line holds <paramref name="wanted"/>: the kernel takes the last occurrence of a name, and a
    /// value that is a comma list (<c>intel_iommu=on,sm_on</c>) holds each listed value.
    /// </summary>
    internal static bool Holds(IReadOnlyList<string> running, string wanted)
    {
        var name = KernelParameter.NormalizeName(KernelCommandLine.NameOf(wanted));
        var value = wanted.Contains('=', StringComparison.Ordinal) ? wanted[(wanted.IndexOf('=', StringComparison.Ordinal) + 1)..] : null;
        var last = running.LastOrDefault(p => KernelParameter.NormalizeName(KernelCommandLine.NameOf(p)) == name);
        if (last is null) return false;
        if (value is null) return true;
        var actual = last.Contains('=', StringComparison.Ordinal) ? last[(last.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim('"') : "";
        if (actual == value) return true;
        var have = actual.Split(',');
        return value.Split(',').All(v => have.Contains(v, StringComparer.Ordinal));
    }
}
