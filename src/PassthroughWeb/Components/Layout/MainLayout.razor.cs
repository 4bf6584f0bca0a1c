using Microsoft.AspNetCore.Components;
using PassthroughWeb.Services;

namespace PassthroughWeb.Components.Layout;

public partial class MainLayout
{
    private bool _drawerOpen = true;

    [Inject] public required ServerPrivileges Privileges { get; init; }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;
}
