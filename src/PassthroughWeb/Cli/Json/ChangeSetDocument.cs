namespace PassthroughWeb.Cli.Json;

public sealed record ChangeSetDocument
{
    public required string Id { get; init; }
    public required IReadOnlyList<string> Steps { get; init; }
    public required string User { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset? CompletedAt { get; init; }

    /// <summary><c>inProgress</c>, <c>applied</c>, <c>failed</c>, <c>rollingBack</c>, <c>rolledBack</c> or <c>interrupted</c>.</summary>
    public required string State { get; init; }

    public required string Root { get; init; }
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>The libvirt VMs (domains) the set defines (step 4), by name.</summary>
    public required IReadOnlyList<string> Domains { get; init; }
    public required string Diff { get; init; }
    public required IReadOnlyList<CommandRunDocument> Commands { get; init; }
    public required string? Error { get; init; }
    public required bool RebootNeeded { get; init; }

    /// <summary>Null until verified after a reboot.</summary>
    public required bool? VerificationPassed { get; init; }
}
