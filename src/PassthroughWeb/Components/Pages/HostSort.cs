namespace PassthroughWeb.Components.Pages;

/// <summary>The order of the hosts page (<c>?sort=</c>).</summary>
public enum HostSort
{
    Name,

    /// <summary>Newest scan first.</summary>
    Scan,

    /// <summary>Fewest steps done first: the hosts that need work lead.</summary>
    Progress,
}
