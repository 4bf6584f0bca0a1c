namespace PassthroughWeb.Cli.Json;

/// <summary>The JSON printed by <c>create-vm --json</c>: the plan (without <c>--yes</c>) or what applying it did.</summary>
public sealed record CreateVmDocument
{
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }
    public required HostDocument Host { get; init; }
    public required string Connection { get; init; }

    /// <summary>Whether the VM changes go to <see cref="Connection"/>: false for a copy of a host with no <c>--connect</c> (they are listed as skipped).</summary>
    public required bool ChangesLibvirt { get; init; }

    /// <summary>Where the VM changes go, or why they are only listed, in one sentence.</summary>
    public required string Libvirt { get; init; }
    public required string Name { get; init; }

    /// <summary>Without <c>--yes</c>: <c>planned</c> or <c>refused</c>; with it: <c>applied</c>, <c>failed</c>, <c>refused</c> or <c>error</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The plan's id (see the plan document); null when there is no plan.</summary>
    public string? PlanId { get; init; }

    /// <summary>The VM now exists in libvirt (false when the changes were only listed as skipped).</summary>
    public required bool Created { get; init; }
    public required string? ChangeSetId { get; init; }
    public required string? Summary { get; init; }
    public required string Message { get; init; }
    public required IReadOnlyList<CreationFindingDocument> Findings { get; init; }
    public required NewVmDocument? Vm { get; init; }
    public required IReadOnlyList<DomainChangeDocument> Domains { get; init; }
    public required IReadOnlyList<CommandRunDocument> Commands { get; init; }
}
