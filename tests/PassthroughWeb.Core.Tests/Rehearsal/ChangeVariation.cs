using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Core.Tests.Rehearsal;

/// <summary>A plan of our planner, changed the way a broken configuration would be: for the negative controls.</summary>
public sealed record ChangeVariation(HostChangePlanResult Original)
{
    /// <summary>The plan without the planned file at <paramref name="path"/>: the host's own file stays as it is.</summary>
    public HostChangePlanResult Without(string path) => With(Original.Plan!.Files.Where(f => f.Path != path).ToList());

    /// <summary>The plan with the file at <paramref name="path"/> written at <paramref name="newPath"/> instead.</summary>
    public HostChangePlanResult Moved(string path, string newPath)
    {
        Assert.Contains(Original.Plan!.Files, f => f.Path == path);
        return With([.. Original.Plan!.Files.Select(f => f.Path == path ? f with { Path = newPath } : f)]);
    }

    private HostChangePlanResult With(IReadOnlyList<FileChange> files) => Original with { Plan = Original.Plan! with { Files = files } };
}
