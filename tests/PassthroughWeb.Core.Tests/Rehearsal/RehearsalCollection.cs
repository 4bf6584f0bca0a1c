namespace PassthroughWeb.Core.Tests.Rehearsal;

/// <summary>
/// Every test that boots a real kernel under QEMU: one collection, run alone, so the boots (each takes both of CI's
/// cores on TCG) neither compete with each other nor with the rest of the suite; the images are shared.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RehearsalCollection : ICollectionFixture<RehearsalImages>
{
    public const string Name = "Rehearsal";
}
