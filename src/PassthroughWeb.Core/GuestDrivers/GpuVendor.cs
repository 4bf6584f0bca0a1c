namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>Who makes a GPU, as far as the guest driver is concerned.</summary>
public enum GpuVendor
{
    Nvidia,
    Amd,
    Intel,

    /// <summary>Any other maker (Matrox, ASPEED, an emulated card …): no known guest driver page.</summary>
    Other,
}
