namespace PassthroughWeb.Components.Pages;

/// <summary>Which hosts the hosts page shows (<c>?show=</c>).</summary>
public enum HostFilter
{
    All,

    /// <summary>A step is still to do.</summary>
    Todo,

    /// <summary>A step needs a reboot, failed, or is to be re-checked because the hardware changed.</summary>
    Attention,

    /// <summary>Every step done or verified.</summary>
    Complete,

    /// <summary>At least one GPU can be passed as it is.</summary>
    ReadyGpu,
}
