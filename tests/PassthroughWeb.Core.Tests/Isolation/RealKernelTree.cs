namespace PassthroughWeb.Core.Tests.Isolation;

/// <summary>An unpacked kernel package: the stage directory (a host root holding lib/modules/VERSION) and the version.</summary>
public sealed record RealKernelTree(string Stage, string Version);
