namespace PassthroughWeb.Web.Api;

/// <summary>The body of <c>POST /api/hosts/{name}/guest/done</c>: the card and the VM it was given to, as <c>guest --done</c> takes them.</summary>
public sealed record GuestRequestBody
{
    /// <summary>The card's PCI address (<c>0000:07:00.0</c> or <c>07:00.0</c>).</summary>
    public string? Gpu { get; init; }

    /// <summary>The VM's libvirt name.</summary>
    public string? Vm { get; init; }
}
