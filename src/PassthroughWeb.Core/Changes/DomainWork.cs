using System.Globalization;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Changes;

/// <summary>
/// The libvirt side of a change set: checking that a domain is still what the plan was made against, defining the
/// new XML, and putting the previous definition back. Every call is <c>virsh -c URI …</c> through the command runner
/// and is journaled as a command run, so the history shows exactly what was sent to libvirt, and the rollback finds
/// there what libvirt held right after the apply (to notice a domain edited since).
/// </summary>
internal static class DomainWork
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static CommandRequest Virsh(DomainChange domain, params string[] arguments) =>
        new("virsh", ["-c", domain.Connection, .. arguments]) { Timeout = Timeout };

    /// <summary>
    /// Whether an apply sends the domain's commands to libvirt: on the host itself, or to a connection the user named;
    /// a copy of a host never reaches the default libvirt (its commands are recorded as skipped instead).
    /// </summary>
    public static bool Sends(CommandPolicy policy, HostRoot root, DomainChange domain) =>
        policy != CommandPolicy.Never && (root.IsSystemRoot || domain.ConnectionNamed);

    /// <summary>Whether the apply recorded the domain's define as skipped: then rollback and recovery have nothing to undo in libvirt.</summary>
    public static bool WasSkipped(ChangeSet set, DomainChange domain, int index)
    {
        var after = $"domain-{index:D2}-after.xml";
        return set.Commands.Any(r => r.Phase == ChangePhase.Apply && r.Status == CommandStatus.Skipped && r.Step.Command.Program == "virsh"
            && r.Step.Command.Arguments is ["-c", var connection, "define", "--file", var file, ..]
            && connection == domain.Connection && Path.GetFileName(file) == after);
    }

    /// <summary>What libvirt holds as the domain's persistent definition (<c>dumpxml --inactive</c>).</summary>
    public static CommandStep Dump(DomainChange domain) =>
        new(Virsh(domain, "dumpxml", "--inactive", "--domain", domain.Name), $"Read back the definition of {domain.Name} as libvirt now holds it.");

    public static CommandStep Define(DomainChange domain, string xmlFile, string reason) =>
        new(Virsh(domain, "define", "--file", xmlFile, "--validate"), reason);

    public static CommandStep Undefine(DomainChange domain) =>
        new(Virsh(domain, "undefine", "--domain", domain.Name, "--nvram", "--tpm"), $"Remove the domain {domain.Name} this change set created, with its UEFI variables and TPM state.");

    public static CommandStep CreateVolume(DomainChange domain, DiskVolume volume) =>
        new(Virsh(domain, "vol-create-as", "--pool", volume.Pool, "--name", volume.Name,
            "--capacity", volume.CapacityBytes.ToString(CultureInfo.InvariantCulture), "--format", volume.Format),
            $"Create the {volume.Format} disk {volume.Name} ({volume.CapacityBytes / (1024 * 1024 * 1024)} GiB) in the storage pool {volume.Pool}.");

    public static CommandStep DeleteVolume(DomainChange domain, DiskVolume volume) =>
        new(Virsh(domain, "vol-delete", "--pool", volume.Pool, "--vol", volume.Name), $"Delete the disk {volume.Name} this change set created.");

    /// <summary>The problems that stop a domain change before anything is written (empty when it can go ahead).</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(ICommandRunner runner, DomainChange domain, CancellationToken cancellationToken)
    {
        var dump = await runner.RunAsync(Dump(domain).Command, cancellationToken).ConfigureAwait(false);
        if (Unreachable(domain, dump) is { } unreachable) return [unreachable];
        if (domain.Before is null)
        {
            var problems = new List<string>();
            if (dump.Succeeded) problems.Add($"A domain named {domain.Name} exists now, but the plan was made to create it: choose another name or make the plan again.");
            if (domain.NewVolume is { } unsafeVolume && unsafeVolume.Name.IndexOfAny(['&', '<', '>', '\'', '"', '/']) >= 0)
                problems.Add($"The disk name {unsafeVolume.Name} holds a character libvirt's vol-create-as mishandles (& < > ' \" /): use letters, digits and - _ . + only.");
            else if (domain.NewVolume is { } volume)
            {
                var info = await runner.RunAsync(Virsh(domain, "vol-info", "--pool", volume.Pool, "--vol", volume.Name), cancellationToken).ConfigureAwait(false);
                if (info.Succeeded) problems.Add($"The storage pool {volume.Pool} already holds a volume named {volume.Name}: it is left alone; choose another disk name.");
                else if (IsMissingPool(info)) problems.Add($"There is no storage pool named {volume.Pool} at {domain.Connection}, or it is not active: {Excerpt(info.StandardError)}");
            }
            return problems;
        }
        if (!dump.Succeeded)
            return [IsMissingDomain(dump)
                ? $"The domain {domain.Name} is gone from {domain.Connection}: make the plan again."
                : $"The definition of {domain.Name} could not be read: {Excerpt(dump.StandardError)}"];
        if (!string.Equals(dump.StandardOutput, domain.Before, StringComparison.Ordinal))
            return [$"The domain {domain.Name} changed since the plan was made: make the plan again."];
        return await ShutOffProblemAsync(runner, domain, cancellationToken).ConfigureAwait(false) is { } running ? [running] : [];
    }

    /// <summary>Why the domain may not be redefined now (it runs, or its state cannot be read); null when it is shut off.</summary>
    public static async Task<string?> ShutOffProblemAsync(ICommandRunner runner, DomainChange domain, CancellationToken cancellationToken)
    {
        var state = await runner.RunAsync(Virsh(domain, "domstate", "--domain", domain.Name), cancellationToken).ConfigureAwait(false);
        if (!state.Succeeded) return $"The state of {domain.Name} could not be read: {Excerpt(state.StandardError)}";
        var text = state.StandardOutput.Trim();
        return text == "shut off"
            ? null
            : $"The domain {domain.Name} is {text}: shut it down first (the VM step never edits a VM that runs, and never forces it off).";
    }

    /// <summary>Checks the new XML with <c>virt-xml-validate</c> when it is installed; null when it passes or is not there.</summary>
    public static async Task<string?> ValidateAsync(ICommandRunner runner, DomainChange domain, string xmlFile, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new CommandRequest("virt-xml-validate", [xmlFile, "domain"]) { Timeout = Timeout }, cancellationToken).ConfigureAwait(false);
        if (!result.Started || result.Succeeded) return null;
        return $"The new definition of {domain.Name} is not valid libvirt domain XML (virt-xml-validate): {Excerpt(result.StandardError + result.StandardOutput)}";
    }

    /// <summary>The plain-words problem when virsh itself cannot be used (not installed, daemon not reachable).</summary>
    public static string? Unreachable(DomainChange domain, CommandResult result)
    {
        if (!result.Started) return "virsh is not installed here: install libvirt-clients (apt-get install libvirt-clients).";
        if (result.TimedOut) return $"libvirt at {domain.Connection} did not answer within {Timeout.TotalSeconds:0} s.";
        return result.StandardError.Contains("failed to connect to the hypervisor", StringComparison.OrdinalIgnoreCase)
            ? $"libvirt is not reachable at {domain.Connection}: start libvirtd (or check the connection URI). {Excerpt(result.StandardError)}"
            : null;
    }

    /// <summary>
    /// Why a domain's command failed during an apply, and what became of the change (<paramref name="undone"/>: every file
    /// and domain was put back). When libvirtd went away (stopped, restarted or killed while the change was under way) or
    /// stopped answering, the message says so first, naming libvirtd and the connection, since virsh's own words
    /// ("failed to connect to the hypervisor", "End of file while reading data") do not.
    /// </summary>
    public static ChangeError CommandError(DomainChange domain, CommandRun run, bool undone)
    {
        var consequence = undone ? "Every file and domain is back as it was." : $"The change of {domain.Name} could not be wholly undone (below).";
        var error = ChangeWork.CommandError(run, consequence);
        var gone = run.Status == CommandStatus.TimedOut
            ? $"libvirtd at {domain.Connection} did not answer within {run.Step.Command.Timeout.TotalSeconds:0} s while {domain.Name} was being changed, and virsh was stopped"
            : LostDaemon(run)
                ? $"libvirtd at {domain.Connection} stopped answering while {domain.Name} was being changed (`{run.Step.Command.Display}` exited {run.Result!.ExitCode}: {Excerpt(run.Result.StandardError)})"
                : null;
        if (gone is null) return error;
        var start = run.Status == CommandStatus.TimedOut ? "Restart libvirtd (systemctl restart libvirtd)" : "Start libvirtd again (systemctl start libvirtd)";
        var next = undone ? $"{start}, then apply again." : $"{start}, then do by hand what is below.";
        return error with { Message = $"{gone}. {consequence} {next}" };
    }

    /// <summary>Whether virsh failed because libvirtd is not there, or went away while it answered.</summary>
    public static bool LostDaemon(CommandRun run) =>
        run.Status == CommandStatus.Failed && run.Result is { } result
        && (result.StandardError.Contains("failed to connect to the hypervisor", StringComparison.OrdinalIgnoreCase)
            || result.StandardError.Contains("End of file while reading data", StringComparison.OrdinalIgnoreCase)
            || result.StandardError.Contains("Cannot recv data", StringComparison.OrdinalIgnoreCase)
            || result.StandardError.Contains("client socket is closed", StringComparison.OrdinalIgnoreCase)
            || result.StandardError.Contains("Failed to connect socket", StringComparison.OrdinalIgnoreCase));

    public static bool IsMissingDomain(CommandResult result) =>
        result.StandardError.Contains("failed to get domain", StringComparison.OrdinalIgnoreCase)
        || result.StandardError.Contains("Domain not found", StringComparison.OrdinalIgnoreCase);

    private static bool IsMissingPool(CommandResult result) =>
        result.StandardError.Contains("failed to get pool", StringComparison.OrdinalIgnoreCase)
        || result.StandardError.Contains("Storage pool not found", StringComparison.OrdinalIgnoreCase)
        || result.StandardError.Contains("is not active", StringComparison.OrdinalIgnoreCase);

    /// <summary>The definition libvirt held right after this set applied it, as journaled; null when it was not read.</summary>
    public static string? AppliedDefinition(ChangeSet set, DomainChange domain)
    {
        var dump = Dump(domain).Command;
        return set.Commands.LastOrDefault(r => r.Phase == ChangePhase.Apply && r.Status == CommandStatus.Succeeded
            && r.Step.Command.Program == dump.Program && r.Step.Command.Arguments.SequenceEqual(dump.Arguments))?.Result?.StandardOutput;
    }

    /// <summary>The file a domain's XML is handed to virsh in, inside the set's backup directory.</summary>
    public static string XmlFile(string setDirectory, int index, string side) =>
        Path.Combine(setDirectory, $"domain-{index:D2}-{side}.xml");

    private static string Excerpt(string text)
    {
        var trimmed = text.Trim().ReplaceLineEndings(" ");
        return trimmed.Length <= 400 ? trimmed : trimmed[..400] + " …";
    }
}
