using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>
/// Asks a VM's QEMU guest agent through libvirt (<c>virsh -c URI qemu-agent-command</c>): whether it answers, the
/// guest OS, and on Windows the devices with their drivers. Every outcome, including no agent and no libvirt, is a value.
/// </summary>
public sealed class GuestAgent(ICommandRunner runner, string connectionUri)
{
    public const string DefaultConnectionUri = "qemu:///system";

    public string ConnectionUri { get; } = string.IsNullOrWhiteSpace(connectionUri)
        ? throw new ArgumentException("A libvirt connection URI is needed (e.g. qemu:///system).", nameof(connectionUri))
        : connectionUri;

    /// <summary>guest-ping: true when the agent answers.</summary>
    public async Task<GuestAgentResult<bool>> PingAsync(string domain, CancellationToken cancellationToken)
    {
        var (reply, status, explanation, detail) = await RunAsync(domain, "guest-ping", cancellationToken).ConfigureAwait(false);
        return reply is null
            ? new GuestAgentResult<bool> { Status = status, Explanation = explanation, Detail = detail }
            : new GuestAgentResult<bool> { Status = GuestAgentStatus.Answered, Value = true, Explanation = $"The guest agent in '{domain}' answers." };
    }

    /// <summary>guest-get-osinfo: the guest's operating system.</summary>
    public async Task<GuestAgentResult<GuestOsInfo>> GetOsInfoAsync(string domain, CancellationToken cancellationToken)
    {
        var (reply, status, explanation, detail) = await RunAsync(domain, "guest-get-osinfo", cancellationToken).ConfigureAwait(false);
        if (reply is null) return new GuestAgentResult<GuestOsInfo> { Status = status, Explanation = explanation, Detail = detail };
        var info = GuestOsInfo.FromReturn(reply.Return!.Value);
        return info is null
            ? new GuestAgentResult<GuestOsInfo> { Status = GuestAgentStatus.Failed, Explanation = "The guest agent's answer to guest-get-osinfo is not an object.", Detail = reply.Return.Value.GetRawText() }
            : new GuestAgentResult<GuestOsInfo> { Status = GuestAgentStatus.Answered, Value = info, Explanation = $"The guest runs {info.DisplayName}." };
    }

    /// <summary>guest-get-devices (Windows agents only): the PCI devices Windows has, with their drivers.</summary>
    public async Task<GuestAgentResult<IReadOnlyList<GuestDeviceInfo>>> GetDevicesAsync(string domain, CancellationToken cancellationToken)
    {
        var (reply, status, explanation, detail) = await RunAsync(domain, "guest-get-devices", cancellationToken).ConfigureAwait(false);
        if (reply is null) return new GuestAgentResult<IReadOnlyList<GuestDeviceInfo>> { Status = status, Explanation = explanation, Detail = detail };
        var devices = GuestDeviceInfo.ListFromReturn(reply.Return!.Value);
        return devices is null
            ? new GuestAgentResult<IReadOnlyList<GuestDeviceInfo>> { Status = GuestAgentStatus.Failed, Explanation = "The guest agent's answer to guest-get-devices is not a list.", Detail = reply.Return.Value.GetRawText() }
            : new GuestAgentResult<IReadOnlyList<GuestDeviceInfo>> { Status = GuestAgentStatus.Answered, Value = devices, Explanation = $"The guest lists {devices.Count} device(s) with drivers." };
    }

    private Task<(GuestAgentReply? Reply, GuestAgentStatus Status, string Explanation, string? Detail)> RunAsync(string domain, string command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(domain)) throw new ArgumentException("A VM name is needed.", nameof(domain));
        return VirshAgentCommand.RunAsync(runner, ConnectionUri, domain, command, cancellationToken);
    }
}
