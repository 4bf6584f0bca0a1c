using PassthroughWeb.Core.GuestDrivers;

namespace PassthroughWeb.Services.Vm;

/// <summary>Step 5 for one VM and card: the app's own checks and advice, or why they could not be made.</summary>
public sealed record GuestStepReport
{
    public required string Vm { get; init; }
    public required string Connection { get; init; }

    /// <summary>Null when the checks could not be made (no such card, libvirt not reachable): see <see cref="Problem"/>.</summary>
    public GuestDriverReport? Report { get; init; }

    public string? Problem { get; init; }

    /// <summary>When the user last marked step 5 done for this VM; null when not yet.</summary>
    public DateTimeOffset? MarkedDoneAt { get; init; }
}
