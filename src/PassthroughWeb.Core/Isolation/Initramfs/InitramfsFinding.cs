namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>Something wrong or notable in a host's initramfs configuration, with where it is.</summary>
public sealed record InitramfsFinding(InitramfsFindingSeverity Severity, string Path, int? Line, string Message)
{
    public override string ToString() => Line is { } line ? $"{Path}:{line}: {Message}" : $"{Path}: {Message}";
}
