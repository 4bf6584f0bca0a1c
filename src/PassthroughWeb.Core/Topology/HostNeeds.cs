using PassthroughWeb.Core.Isolation;

namespace PassthroughWeb.Core.Topology;

/// <summary>
/// The devices the host cannot give away, as <see cref="HostCriticalDevices"/> traced them. A kind it could not trace
/// (no mount table, a root disk on no PCI device, no default route) is shown by class code instead: every storage
/// controller (01xx) or network controller (02xx) is then marked as one the host may need.
/// </summary>
public sealed record HostNeeds
{
    public required IReadOnlyList<HostCriticalDevice> Devices { get; init; }

    /// <summary>Nothing was traced (a stored scan shown without its host, a test): both kinds come from class codes.</summary>
    public static HostNeeds Untraced { get; } = new() { Devices = [] };

    public bool DiskTraced => Devices.Any(d => d.Kind == IsolationRefusalKind.RootDisk);

    public bool NetworkTraced => Devices.Any(d => d.Kind == IsolationRefusalKind.Network);
}
