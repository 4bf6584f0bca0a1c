namespace PassthroughWeb.Services;

/// <summary>Whether the host must reboot for an applied change set to take effect, and which set.</summary>
public sealed record RebootState
{
    public required bool Needed { get; init; }
    public Guid? ChangeSetId { get; init; }
    public required string Message { get; init; }
}
