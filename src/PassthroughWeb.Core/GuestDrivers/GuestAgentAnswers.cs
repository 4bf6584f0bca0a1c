namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>What the guest agent said to the three questions step 5 asks it.</summary>
public sealed record GuestAgentAnswers
{
    public required GuestAgentResult<bool> Ping { get; init; }
    public required GuestAgentResult<GuestOsInfo> OsInfo { get; init; }
    public required GuestAgentResult<IReadOnlyList<GuestDeviceInfo>> Devices { get; init; }

    /// <summary>Asks ping, then the OS and the devices only when the agent answered: a silent agent costs one timeout, not three.</summary>
    public static async Task<GuestAgentAnswers> GatherAsync(GuestAgent agent, string domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var ping = await agent.PingAsync(domain, cancellationToken).ConfigureAwait(false);
        if (!ping.Answered)
        {
            return new GuestAgentAnswers
            {
                Ping = ping,
                OsInfo = new GuestAgentResult<GuestOsInfo> { Status = ping.Status, Explanation = ping.Explanation, Detail = ping.Detail },
                Devices = new GuestAgentResult<IReadOnlyList<GuestDeviceInfo>> { Status = ping.Status, Explanation = ping.Explanation, Detail = ping.Detail },
            };
        }
        return new GuestAgentAnswers
        {
            Ping = ping,
            OsInfo = await agent.GetOsInfoAsync(domain, cancellationToken).ConfigureAwait(false),
            Devices = await agent.GetDevicesAsync(domain, cancellationToken).ConfigureAwait(false),
        };
    }
}
