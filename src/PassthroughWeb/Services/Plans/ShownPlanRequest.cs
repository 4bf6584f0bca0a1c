namespace PassthroughWeb.Services.Plans;

/// <summary>
/// What was asked for when a plan was shown, so that its id alone (the API's apply, <c>apply --plan-id</c>) can plan it
/// again: the steps, the card and the options, or the VM step's choices.
/// </summary>
public sealed record ShownPlanRequest
{
    /// <summary>The step names (<c>host</c>, <c>isolate</c>, or <c>vm</c>).</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary>The card's address as dddd:bb:ss.f; null for step 2 alone.</summary>
    public string? Gpu { get; init; }

    public bool SingleGpu { get; init; }
    public bool PassingBootGpu { get; init; }
    public bool AcsOverride { get; init; }

    /// <summary>The VM step: the VM, its libvirt connection as given, and the options chosen.</summary>
    public string? Vm { get; init; }
    public string? Connection { get; init; }
    public bool? HideHypervisor { get; init; }
    public string? VendorId { get; init; }
    public string? RomFile { get; init; }

    public bool IsVmStep => Vm is not null;
}
