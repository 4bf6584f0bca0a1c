using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// The CLI test classes that talk to the real libvirtd share one daemon (the fixture of the Core tests, defined again
/// here because a collection belongs to one assembly) and never run at the same time against it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LibvirtCliCollection : ICollectionFixture<LibvirtDaemon>
{
    public const string Name = "libvirt-cli";
}
