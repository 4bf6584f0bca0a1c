namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>An initramfs system found on the host, with what shows it is there (its program, its configuration).</summary>
public sealed record DetectedInitramfsSystem
{
    public required InitramfsSystem System { get; init; }

    /// <summary>Host path of the program that builds images, or null when only its configuration was found.</summary>
    public string? Program { get; init; }

    /// <summary>Host paths of its configuration files and directories that exist.</summary>
    public required IReadOnlyList<string> ConfigurationPaths { get; init; }

    /// <summary>One sentence per piece of evidence, for the step card.</summary>
    public required IReadOnlyList<string> Evidence { get; init; }

    public bool HasProgram => Program is not null;
}
