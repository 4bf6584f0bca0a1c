using System.Text.Json;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>
/// Runs <c>virsh -c URI qemu-agent-command --domain NAME --timeout S --cmd JSON</c> and turns what virsh said into a
/// status. The messages matched are libvirt's own (9.0): they are stable across releases because tools parse them.
/// </summary>
internal static class VirshAgentCommand
{
    /// <summary>How long libvirt waits for the agent: a guest without an agent must not hold the page.</summary>
    internal const int AgentTimeoutSeconds = 5;

    internal static CommandRequest Request(string connectionUri, string domain, string command) =>
        new("virsh", ["-c", connectionUri, "qemu-agent-command", "--domain", domain, "--timeout", AgentTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--cmd", JsonSerializer.Serialize(new Dictionary<string, string> { ["execute"] = command })])
        {
            Timeout = TimeSpan.FromSeconds(AgentTimeoutSeconds + 25),
        };

    internal static async Task<(GuestAgentReply? Reply, GuestAgentStatus Status, string Explanation, string? Detail)> RunAsync(
        ICommandRunner runner, string connectionUri, string domain, string command, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(Request(connectionUri, domain, command), cancellationToken).ConfigureAwait(false);
        if (!result.Started)
            return (null, GuestAgentStatus.VirshMissing, "virsh could not be run: install libvirt's client tools (Debian/Ubuntu: libvirt-clients, Fedora: libvirt-client).", result.StandardError.Trim());
        if (result.TimedOut)
            return (null, GuestAgentStatus.AgentNotAnswering, $"virsh did not come back within {AgentTimeoutSeconds + 25} seconds: libvirt or the guest agent hangs.", null);
        var said = (result.StandardError + "\n" + result.StandardOutput).Trim();
        if (!result.Succeeded)
        {
            var (status, explanation) = Classify(said, connectionUri, domain, command);
            return (null, status, explanation, said);
        }
        var reply = GuestAgentReply.Parse(result.StandardOutput);
        if (reply.Malformed is { } why)
            return (null, GuestAgentStatus.Failed, $"The guest agent's answer to {command} could not be read: {why}.", result.StandardOutput.Trim());
        if (reply.ErrorClass is not null || reply.ErrorDescription is not null)
        {
            var text = $"{reply.ErrorClass}: {reply.ErrorDescription}";
            var (status, explanation) = Classify(text, connectionUri, domain, command);
            return (null, status, explanation, text);
        }
        return (reply, GuestAgentStatus.Answered, $"The guest agent answered {command}.", null);
    }

    internal static (GuestAgentStatus Status, string Explanation) Classify(string said, string connectionUri, string domain, string command)
    {
        bool Has(string text) => said.Contains(text, StringComparison.OrdinalIgnoreCase);

        if (Has("failed to connect to the hypervisor") || Has("Failed to connect socket"))
            return (GuestAgentStatus.LibvirtUnreachable,
                $"libvirt is not reachable at {connectionUri}: is libvirtd (or virtqemud) running, and is the connection URI right?");
        if (Has("not supported by the connection driver"))
            return (GuestAgentStatus.NotQemuConnection,
                $"The connection {connectionUri} does not lead to QEMU/KVM, so it cannot reach a guest agent: use a qemu:// URI such as qemu:///system.");
        if (Has("failed to get domain") || Has("Domain not found"))
            return (GuestAgentStatus.DomainNotFound, $"libvirt at {connectionUri} has no VM named '{domain}'.");
        if (Has("domain is not running"))
            return (GuestAgentStatus.DomainNotRunning, $"The VM '{domain}' is not running: start it to ask its guest agent.");
        if (Has("guest agent is not configured"))
            return (GuestAgentStatus.AgentNotConfigured,
                $"The VM '{domain}' has no channel for the QEMU guest agent. Add one in step 4 " +
                "(<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>), then install the agent in the guest " +
                "(Windows: qemu-ga-x86_64.msi from the virtio-win ISO's guest-agent folder).");
        if (Has("agent is not responding") || Has("agent is not connected") || Has("agent not available"))
            return (GuestAgentStatus.AgentNotAnswering,
                $"The VM '{domain}' has an agent channel but no agent answers: the guest may still be starting, or the QEMU guest agent is not installed " +
                "or not running in it (Windows: qemu-ga-x86_64.msi from the virtio-win ISO; it needs the VirtIO serial driver too).");
        if (Has("CommandNotFound") || Has("CommandDisabled") || Has("has not been found") || Has("has been disabled"))
            return (GuestAgentStatus.CommandUnsupported, command == "guest-get-devices"
                ? "The guest agent does not list devices: guest-get-devices exists only in the Windows agent (QEMU 5.2 and later), not on Linux guests or older agents."
                : $"The guest agent does not offer {command} (the guest's agent is older or the command is disabled there).");
        return (GuestAgentStatus.Failed, $"Asking the guest agent of '{domain}' for {command} failed; libvirt said what is shown below.");
    }
}
