namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>What the VM planner needs to know: set vendor_id and kvm hidden or not, and why, in words.</summary>
public sealed record HiddenHypervisorAdvice
{
    public required HiddenHypervisorNeed Need { get; init; }

    /// <summary>True when the planner should add the settings (required or recommended).</summary>
    public bool ShouldHide => Need != HiddenHypervisorNeed.NotNeeded;

    public required string Reason { get; init; }
}
