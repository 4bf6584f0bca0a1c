using Microsoft.AspNetCore.Components;

namespace PassthroughWeb.Components.Scan;

/// <summary>A compact list of devices: address, name, vendor:device, driver, group.</summary>
public partial class DeviceLines
{
    [Parameter, EditorRequired] public required IReadOnlyList<DeviceLine> Lines { get; set; }

    /// <summary>A <c>data-testid</c> for the list; default none.</summary>
    [Parameter] public string? TestId { get; set; }
}
