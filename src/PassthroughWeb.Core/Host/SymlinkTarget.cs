namespace PassthroughWeb.Core.Host;

public enum SymlinkState
{
    Missing,
    NotALink,
    Present,
    Dangling,
    Escapes,
}

/// <summary>Where a symlink points: the name of its target and whether that target exists under the root.</summary>
public readonly record struct SymlinkTarget(SymlinkState State, string? Name)
{
    public static SymlinkTarget Missing { get; } = new(SymlinkState.Missing, null);
    public static SymlinkTarget NotALink { get; } = new(SymlinkState.NotALink, null);
}
