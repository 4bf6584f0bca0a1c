using System.Globalization;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>
/// The checks step 5 makes itself: the VM runs, its live XML has every function of the card, the guest agent answers,
/// which OS the guest runs, and whether Windows lists the card with its maker's driver; plus the known problems that apply.
/// </summary>
public static class GuestDriverCheck
{
    public const string RunningSubject = "VM running";
    public const string LiveXmlSubject = "GPU in the live XML";
    public const string AgentSubject = "Guest agent";
    public const string OsSubject = "Guest OS";
    public const string WindowsListsSubject = "Windows lists the GPU";

    /// <summary>Windows' generic display driver: the card is seen but the maker's driver is not installed.</summary>
    private const string BasicDisplayAdapter = "Microsoft Basic Display Adapter";

    public static GuestDriverReport Evaluate(GuestDriverCheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var advice = GuestDriverAdvisor.Advise(input.Gpu);
        var checks = new List<GuestCheck>();
        var detected = new List<KnownProblem>();

        var running = string.Equals(input.DomainState.Trim(), "running", StringComparison.OrdinalIgnoreCase);
        checks.Add(running
            ? Check(RunningSubject, GuestCheckOutcome.Passed, $"The VM '{input.DomainName}' is running.")
            : Check(RunningSubject, GuestCheckOutcome.Failed, $"The VM '{input.DomainName}' is {input.DomainState.Trim()}: start it to check the card and its driver."));
        if (!running)
        {
            const string NotRunning = "Cannot be checked while the VM is not running.";
            foreach (var subject in new[] { LiveXmlSubject, AgentSubject, OsSubject, WindowsListsSubject })
                checks.Add(Check(subject, GuestCheckOutcome.Unknown, NotRunning));
            return Report(checks, detected, advice);
        }

        checks.Add(LiveXml(input));

        var agent = input.Agent;
        if (agent is null)
        {
            checks.Add(Check(AgentSubject, GuestCheckOutcome.Unknown, "The guest agent was not asked."));
            checks.Add(Check(OsSubject, GuestCheckOutcome.Unknown, "Without the guest agent the app cannot see which OS the guest runs."));
            checks.Add(Check(WindowsListsSubject, GuestCheckOutcome.Unknown, "Without the guest agent the app cannot see Windows' devices: look in Device Manager yourself."));
            return Report(checks, detected, advice);
        }

        if (!agent.Ping.Answered)
        {
            // No agent is not an error of the passthrough: the user can still look at Device Manager.
            checks.Add(Check(AgentSubject, GuestCheckOutcome.Warning, agent.Ping.Explanation));
            checks.Add(Check(OsSubject, GuestCheckOutcome.Unknown, "Without an answering guest agent the app cannot see which OS the guest runs."));
            checks.Add(Check(WindowsListsSubject, GuestCheckOutcome.Unknown, "Without an answering guest agent the app cannot see Windows' devices: look in Device Manager yourself."));
            return Report(checks, detected, advice);
        }
        checks.Add(Check(AgentSubject, GuestCheckOutcome.Passed, agent.Ping.Explanation));

        var os = agent.OsInfo.Answered ? agent.OsInfo.Value : null;
        if (os is null)
            checks.Add(Check(OsSubject, GuestCheckOutcome.Unknown, agent.OsInfo.Explanation));
        else if (os.IsWindows)
            checks.Add(Check(OsSubject, GuestCheckOutcome.Passed, $"The guest runs {os.DisplayName}."));
        else
            checks.Add(Check(OsSubject, GuestCheckOutcome.Warning,
                $"The guest runs {os.DisplayName}, not Windows. This step is written for Windows guests; on Linux the card's driver comes with the kernel " +
                "(amdgpu, i915/xe, nouveau) or the maker's package (NVIDIA), and lspci -k inside the guest shows which one is in use."));

        checks.Add(WindowsLists(input, agent, os, detected));
        return Report(checks, detected, advice);
    }

    private static GuestCheck LiveXml(GuestDriverCheckInput input)
    {
        var live = input.LiveHostdevAddresses.ToHashSet();
        var missing = input.GpuFunctions.Where(f => !live.Contains(f)).Order().ToList();
        if (missing.Count == 0)
            return Check(LiveXmlSubject, GuestCheckOutcome.Passed,
                $"The running VM has every function of the card: {string.Join(", ", input.GpuFunctions.Order())}.");
        if (missing.Count == input.GpuFunctions.Count)
            return Check(LiveXmlSubject, GuestCheckOutcome.Failed,
                "The running VM does not have the card. If you added it in step 4 while the VM was running, libvirt uses the new XML only from the next start: " +
                "shut the VM down from inside the guest and start it again.");
        return Check(LiveXmlSubject, GuestCheckOutcome.Failed,
            $"The running VM lacks {string.Join(", ", missing)} of the card. All functions of a card go to the VM together: a function left behind " +
            "(often the HDMI audio) can block the card's reset and leaves the monitor without sound. Add it in step 4 and restart the VM.");
    }

    private static GuestCheck WindowsLists(GuestDriverCheckInput input, GuestAgentAnswers agent, GuestOsInfo? os, List<KnownProblem> detected)
    {
        var gpu = input.Gpu;
        if (!agent.Devices.Answered)
        {
            var why = agent.Devices.Status == GuestAgentStatus.CommandUnsupported && os is { IsWindows: true }
                ? "This Windows guest's agent does not list devices (guest-get-devices came with QEMU 5.2's agent): update the agent from a newer virtio-win ISO, or look in Device Manager."
                : agent.Devices.Explanation;
            return Check(WindowsListsSubject, GuestCheckOutcome.Unknown, why);
        }

        var matches = agent.Devices.Value!
            .Where(d => string.Equals(d.VendorId, gpu.VendorId, StringComparison.OrdinalIgnoreCase) &&
                        string.Equals(d.DeviceId, gpu.DeviceId, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (matches.Count == 0)
        {
            detected.Add(KnownProblems.DriverNotInstalled);
            return Check(WindowsListsSubject, GuestCheckOutcome.Failed,
                $"Windows does not list the card ({gpu.VendorDevice}) with a driver. The agent lists only devices that have a driver: either no driver is installed yet " +
                "(install it from the maker's page), or Windows does not see the card at all (check the live XML above and Device Manager's \"Other devices\").");
        }

        var device = matches[0];
        var version = device.DriverVersion is null ? "" : $" version {device.DriverVersion}";
        var date = device.DriverDate is { } d ? $" of {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "";
        if (device.DriverName.Contains(BasicDisplayAdapter, StringComparison.OrdinalIgnoreCase))
        {
            detected.Add(KnownProblems.DriverNotInstalled);
            return Check(WindowsListsSubject, GuestCheckOutcome.Failed,
                $"Windows lists the card ({gpu.VendorDevice}) only with its generic \"{BasicDisplayAdapter}\" driver: install the maker's driver.");
        }

        if (GuestDriverAdvisor.VendorOf(gpu) == GpuVendor.Nvidia && NvidiaDriverVersion.TryParse(device.DriverVersion, out var nvidia) && !nvidia.Value.RunsInVirtualMachine)
        {
            if (input.HypervisorHidden != true)
            {
                detected.Add(KnownProblems.Code43);
                return Check(WindowsListsSubject, GuestCheckOutcome.Failed,
                    $"Windows lists the card as \"{device.DriverName}\" with driver{version}{date}: NVIDIA driver {nvidia}, older than 465, which stops with Code 43 unless the VM hides " +
                    "the hypervisor. Install 465 or later, or set vendor_id and kvm hidden in step 4.");
            }
            return Check(WindowsListsSubject, GuestCheckOutcome.Passed,
                $"Windows lists the card as \"{device.DriverName}\" with driver{version}{date} (NVIDIA driver {nvidia}); the VM hides the hypervisor, which that driver needs.");
        }

        var nvidiaText = GuestDriverAdvisor.VendorOf(gpu) == GpuVendor.Nvidia && NvidiaDriverVersion.TryParse(device.DriverVersion, out var v) ? $" (NVIDIA driver {v})" : "";
        return Check(WindowsListsSubject, GuestCheckOutcome.Passed,
            $"Windows lists the card as \"{device.DriverName}\" with driver{version}{date}{nvidiaText}. If Device Manager still shows a yellow mark on it, see Code 43 below.");
    }

    private static GuestDriverReport Report(List<GuestCheck> checks, List<KnownProblem> detected, GuestDriverAdvice advice) => new()
    {
        Checks = checks,
        DetectedProblems = detected.Distinct().ToList(),
        ProblemsToWatch = advice.KnownProblems.Where(p => !detected.Contains(p)).ToList(),
        Advice = advice,
    };

    private static GuestCheck Check(string subject, GuestCheckOutcome outcome, string message) => new() { Subject = subject, Outcome = outcome, Message = message };
}
