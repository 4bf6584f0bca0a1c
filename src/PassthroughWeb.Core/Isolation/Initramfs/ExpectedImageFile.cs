namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>A file an image must contain: its path inside the image (no leading slash) and what it does.</summary>
public sealed record ExpectedImageFile(string ImagePath, string Purpose);
