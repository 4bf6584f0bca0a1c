using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.Isolation;

namespace PassthroughWeb.Components.Steps;

/// <summary>
/// Step 3's interlocks: which GPU the host keeps, each refusal with why and what to do, and the single-GPU choice —
/// a box the user ticks after reading what it costs, offered only where it lifts the refusal.
/// </summary>
public partial class IsolationSafetyView
{
    [Parameter, EditorRequired] public required IsolationSafetyReport Safety { get; set; }

    [Parameter] public bool Chosen { get; set; }

    [Parameter] public EventCallback<bool> ChosenChanged { get; set; }

    [Parameter] public bool Disabled { get; set; }

    /// <summary>Shown while it would lift a refusal, and while it is ticked (so it can be unticked).</summary>
    private bool OffersSingleGpu => Chosen || Safety.Refusals.Any(r => r.LiftedBySingleGpuChoice);
}
