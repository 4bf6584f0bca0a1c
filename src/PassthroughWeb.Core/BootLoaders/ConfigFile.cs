namespace PassthroughWeb.Core.BootLoaders;

/// <summary>A boot configuration file as read from the host: its host path and text (null when it does not exist).</summary>
public sealed record ConfigFile(string Path, string? Text)
{
    public bool Exists => Text is not null;
}
