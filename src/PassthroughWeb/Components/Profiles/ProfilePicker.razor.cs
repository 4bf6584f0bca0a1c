using System.Globalization;
using Microsoft.AspNetCore.Components;
using PassthroughWeb.Components.Shared;
using PassthroughWeb.Data;

namespace PassthroughWeb.Components.Profiles;

/// <summary>Two menus that pick any two of a host's scans to compare, and a swap; the choice goes out through <see cref="Picked"/>.</summary>
public partial class ProfilePicker
{
    /// <summary>The host's profiles, newest first. Required.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<ProfileSummary> Profiles { get; set; }

    /// <summary>The profile compared from.</summary>
    [Parameter] public int From { get; set; }

    /// <summary>The profile compared to.</summary>
    [Parameter] public int To { get; set; }

    /// <summary>Raised with the (from, to) pair chosen.</summary>
    [Parameter] public EventCallback<(int From, int To)> Picked { get; set; }

    private static string Label(ProfileSummary profile) =>
        string.Create(CultureInfo.InvariantCulture, $"#{profile.Id} · {TimeText.Utc(profile.TakenAt)} · {profile.DeviceCount} devices");
}
