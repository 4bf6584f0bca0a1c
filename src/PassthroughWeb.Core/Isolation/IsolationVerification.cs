namespace PassthroughWeb.Core.Isolation;

/// <summary>Every check made after the reboot; the isolation worked when all passed.</summary>
public sealed record IsolationVerification
{
    public required IReadOnlyList<IsolationCheck> Checks { get; init; }

    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);
}
