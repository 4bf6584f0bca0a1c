using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Core.Tests.Rehearsal;

/// <summary>A plan of our planner, changed the way a broken configuration would be: for the negative controls.</summary>
public sealed record ChangeVariation(HostChangePlanResult Original)
{
    /// <summary>The plan without the planned files at <paramref name="paths"/>: the host's own files stay as they are.</summary>
    public HostChangePlanResult Without(params string[] paths)
    {
        foreach (var path in paths) Assert.Contains(Original.Plan!.Files, f => f.Path == path);
        return With(Original.Plan!.Files.Where(f => !paths.Contains(f.Path)).ToList());
    }

    /// <summary>The plan with the file at <paramref name="path"/> written at <paramref name="newPath"/> instead.</summary>
    public HostChangePlanResult Moved(string path, string newPath)
    {
        Assert.Contains(Original.Plan!.Files, f => f.Path == path);
        return With([.. Original.Plan!.Files.Select(f => f.Path == path ? f with { Path = newPath } : f)]);
    }

    private HostChangePlanResult With(IReadOnlyList<FileChange> files) => Original with { Plan = Original.Plan! with { Files = files } };
}
