namespace PassthroughWeb.Core.Tests.TestSupport;

/// <summary>
/// Every test class that talks to the real libvirtd joins this collection: they share one daemon (started once,
/// stopped by its PID after the last of them) and never run at the same time against it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LibvirtCollection : ICollectionFixture<LibvirtDaemon>
{
    public const string Name = "libvirt";
}
