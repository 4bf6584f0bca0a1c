namespace PassthroughWeb.Core.Scanning;

public enum CpuVendor
{
    Other,
    Intel,
    Amd,
}
