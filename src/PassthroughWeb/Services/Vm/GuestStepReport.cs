using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.VirtualMachines;

namespace PassthroughWeb.Services.Vm;

/// <summary>Step 5 for one VM and card: the app's own checks and advice, or why they could not be made.</summary>
public sealed record GuestStepReport
{
    public required string Vm { get; init; }
    public required string Connection { get; init; }

    /// <summary>Null when the checks could not be made (no such card, libvirt not reachable): see <see cref="Problem"/>.</summary>
    public GuestDriverReport? Report { get; init; }

    public string? Problem { get; init; }

    /// <summary>When the problem is libvirt's (not reachable, no such VM): its error; null when the card is the problem.</summary>
    public LibvirtError? LibvirtError { get; init; }

    /// <summary>When the user last marked step 5 done for this VM; null when not yet.</summary>
    public DateTimeOffset? MarkedDoneAt { get; init; }
}
