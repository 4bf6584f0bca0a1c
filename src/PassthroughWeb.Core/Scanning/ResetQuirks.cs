namespace PassthroughWeb.Core.Scanning;

/// <summary>
/// AMD GPU families that do not come back from a VM shutdown without help (the "reset bug"): the
/// out-of-tree vendor-reset module knows how to reset them. Device IDs as vendor-reset's device table lists them.
/// </summary>
public static class ResetQuirks
{
    private static readonly Dictionary<string, string> AmdFamilies = Build(
        ("Polaris 10", ["67c0", "67c1", "67c2", "67c4", "67c7", "67d0", "67df", "67c8", "67c9", "67ca", "67cc", "67cf", "6fdf"]),
        ("Polaris 11", ["67e0", "67e3", "67e8", "67eb", "67ef", "67ff", "67e1", "67e7", "67e9"]),
        ("Polaris 12", ["6980", "6981", "6985", "6986", "6987", "6995", "6997", "699f"]),
        ("Vega 10", ["6860", "6861", "6862", "6863", "6864", "6867", "6868", "6869", "686a", "686b", "686c", "686d", "686e", "686f", "687f"]),
        ("Vega 20", ["66a0", "66a1", "66a2", "66a3", "66a4", "66a7", "66af"]),
        ("Navi 10", ["7310", "7312", "7318", "7319", "731a", "731b", "731e", "731f", "1681"]),
        ("Navi 14", ["7340", "7341", "7347", "734f"]),
        ("Navi 12", ["7360", "7362"]),
        ("Arcturus", ["738c"]));

    /// <summary>The family name when this AMD GPU needs vendor-reset, otherwise null.</summary>
    public static string? VendorResetFamily(string vendorId, string deviceId) =>
        vendorId == "1002" && AmdFamilies.TryGetValue(deviceId, out var family) ? family : null;

    private static Dictionary<string, string> Build(params (string Family, string[] Ids)[] families)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (family, ids) in families)
        {
            foreach (var id in ids) map[id] = family;
        }
        return map;
    }
}
