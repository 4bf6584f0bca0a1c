namespace PassthroughWeb.Cli.Json;

/// <summary>One entry of <c>drift</c> in the scan document: a planned device the profile contradicts (docs/cli.md).</summary>
public sealed record DriftDocument
{
    /// <summary><c>moved</c>, <c>replaced</c>, <c>vanished</c>, <c>subsystem-changed</c> or <c>regrouped</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The step to re-check: <c>isolate</c> (step 3) or <c>vm</c> (step 4).</summary>
    public required string Step { get; init; }

    /// <summary>The device as the applied change set planned it.</summary>
    public required DriftDeviceDocument Planned { get; init; }

    /// <summary>The device at the planned address now, or where the planned one moved; null when it is gone.</summary>
    public required DriftDeviceDocument? Found { get; init; }

    /// <summary>For <c>regrouped</c>: devices the group holds now that it did not.</summary>
    public required IReadOnlyList<string> NewGroupMates { get; init; }

    public required string Difference { get; init; }
    public required string WhatToDo { get; init; }
}

/// <summary>A device in a drift entry: the four facts a Proxmox PCI mapping keeps, and a name.</summary>
public sealed record DriftDeviceDocument
{
    public required string Address { get; init; }
    public required string VendorDevice { get; init; }
    public required string? SubsystemId { get; init; }
    public required int? IommuGroup { get; init; }
    public required string? Name { get; init; }
}
