namespace PassthroughWeb.Web.Api;

/// <summary>The JSON body of <c>POST /api/hosts/{name}/import</c>; a <c>text/plain</c> body is the listing itself.</summary>
public sealed record ImportRequestBody
{
    /// <summary>The listing as the host printed it: the guide's IOMMU group loop, <c>lspci -nnk</c> or <c>lspci -nn</c>.</summary>
    public string? Listing { get; init; }

    /// <summary>The file the listing came from, shown with the profile; optional.</summary>
    public string? SourceName { get; init; }
}
