namespace PassthroughWeb.Services.Agents;

/// <summary>Step 5 on an agent's host: the VM the card was given to (by its libvirt name there) and the card, by its PCI address.</summary>
public sealed record AgentGuestRequest
{
    public required string Vm { get; init; }

    /// <summary>The card's address as <c>scan</c> lists it (<c>0000:07:00.0</c>).</summary>
    public required string Gpu { get; init; }
}
