namespace PassthroughWeb.Services;

/// <summary>A host steps 2 and 3 work on: its name in the history and the root its files are under (<c>/</c>, or a copy such as the demo).</summary>
public sealed record StepHost
{
    public required string Name { get; init; }
    public required string Root { get; init; }
    public bool IsDemo { get; init; }

    /// <summary>Built from a listing a user imported: a profile to read, with no files to plan on and nothing to change.</summary>
    public bool IsImported { get; init; }

    /// <summary>
    /// The libvirt this host's VMs live in when it has one of its own (the demo's private daemon); null: the app's
    /// connection. A copy of a host without one never changes the real libvirt (its VM changes are listed as skipped).
    /// </summary>
    public string? LibvirtConnection { get; init; }
}
