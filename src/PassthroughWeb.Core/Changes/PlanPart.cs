namespace PassthroughWeb.Core.Changes;

/// <summary>
/// One fingerprinted piece of a plan: its kind, the name a user knows it by (a host path, a VM's name, a command line,
/// an option's name) and the SHA-256 of its content in lower-case hex, or <see cref="Absent"/> for a file or domain
/// that did not exist when planned. Kept beside the plan's id so that a stale plan names what changed.
/// </summary>
public sealed record PlanPart(PlanPartKind Kind, string Name, string Hash)
{
    /// <summary>The hash of a file or domain that does not exist: a word, so no content can hash to it.</summary>
    public const string Absent = "absent";

    public bool IsAbsent => Hash == Absent;
}
