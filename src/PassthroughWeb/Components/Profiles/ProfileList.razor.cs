using Microsoft.AspNetCore.Components;
using PassthroughWeb.Data;

namespace PassthroughWeb.Components.Profiles;

/// <summary>A host's profiles, newest first, each with links that pick it as the "from" or "to" of the comparison.</summary>
public partial class ProfileList
{
    [Parameter, EditorRequired] public required string HostName { get; set; }
    [Parameter, EditorRequired] public required IReadOnlyList<ProfileSummary> Profiles { get; set; }

    /// <summary>The profile compared from; null when there is no comparison.</summary>
    [Parameter] public int? From { get; set; }

    /// <summary>The profile compared to; null when there is no comparison.</summary>
    [Parameter] public int? To { get; set; }

    private string RowClass(int id) => id == From || id == To ? "profile-selected" : "";
}
