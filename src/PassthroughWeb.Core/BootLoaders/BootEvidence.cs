namespace PassthroughWeb.Core.BootLoaders;

/// <summary>One thing the detector found and where: "/boot/loader/loader.conf: default entry arch-rt".</summary>
public sealed record BootEvidence(string Path, string Finding)
{
    public override string ToString() => $"{Path}: {Finding}";
}
