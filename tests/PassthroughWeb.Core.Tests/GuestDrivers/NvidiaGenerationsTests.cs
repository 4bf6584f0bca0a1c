using PassthroughWeb.Core.GuestDrivers;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.GuestDrivers;

public sealed class NvidiaGenerationsTests
{
    [Theory]
    [InlineData("0611", "Tesla or older")]   // G92 [GeForce 8800 GT]
    [InlineData("0de1", "Fermi")]            // GF108 [GeForce GT 430]
    [InlineData("1080", "Fermi")]            // GF110 [GeForce GTX 580]
    [InlineData("1180", "Kepler")]           // GK104 [GeForce GTX 680]
    [InlineData("128b", "Kepler")]           // GK208B [GeForce GT 710]
    [InlineData("1401", "Maxwell")]          // GM206 [GeForce GTX 960]
    [InlineData("1b80", "Pascal")]           // GP104 [GeForce GTX 1080]
    [InlineData("1e87", "Turing")]           // TU104 [GeForce RTX 2080 Rev. A]
    [InlineData("2206", "Ampere")]           // GA102 [GeForce RTX 3080]
    [InlineData("2684", "Ada Lovelace")]     // AD102 [GeForce RTX 4090]
    [InlineData("2b85", "Blackwell")]        // GB202 [GeForce RTX 5090]
    public void FromDeviceId_KnownCards_GiveTheirArchitecture(string deviceId, string generation)
    {
        Assert.Equal(generation, NvidiaGenerations.FromDeviceId(deviceId)?.Name);
    }

    [Theory]
    [InlineData("0e0a")]   // GK104 HDMI Audio: an audio function in a gap, not judged
    [InlineData("3a00")]   // beyond every known range
    [InlineData("zzzz")]
    public void FromDeviceId_OutsideTheRanges_IsNullRatherThanAGuess(string deviceId)
    {
        Assert.Null(NvidiaGenerations.FromDeviceId(deviceId));
    }

    [Theory]
    [InlineData("GT200b [GeForce GTX 275]", "Tesla or older")]
    [InlineData("GK104GL [Quadro K5000]", "Kepler")]
    [InlineData("GB203M / GN22 [GeForce RTX 5080 Max-Q / Mobile]", "Blackwell")]
    [InlineData("TU116 [GeForce GTX 1660 SUPER]", "Turing")]
    public void FromChipName_PciIdsNames_GiveTheChipsArchitecture(string name, string generation)
    {
        Assert.Equal(generation, NvidiaGenerations.FromChipName(name)?.Name);
    }

    [Theory]
    [InlineData("MCP79 [ION]")]
    [InlineData("Tegra K1")]
    [InlineData(null)]
    public void FromChipName_NoKnownChip_IsNull(string? name)
    {
        Assert.Null(NvidiaGenerations.FromChipName(name));
    }

    [Fact]
    public void Generations_OnlyFermiAndOlder_LackADriverFrom465()
    {
        Assert.Equal(["Tesla or older", "Fermi"], NvidiaGenerations.All.Where(g => !g.HasDriverFrom465).Select(g => g.Name));
    }

    [Fact]
    public void Ranges_DoNotOverlap()
    {
        var ranges = NvidiaGenerations.Ranges.OrderBy(r => r.First).ToList();
        for (var i = 1; i < ranges.Count; i++)
            Assert.True(ranges[i].First > ranges[i - 1].Last, $"{ranges[i].First:x4} overlaps the range ending at {ranges[i - 1].Last:x4}");
    }

    /// <summary>
    /// The justification of the ranges: in the real pci.ids every NVIDIA display chip is named after its chip, and the
    /// range that holds its ID must give the same architecture as that chip name.
    /// </summary>
    [Fact]
    public void Ranges_AgreeWithTheChipNamesOfTheRealPciIds()
    {
        var path = PciIdDatabase.SearchPaths.Select(p => "/" + p).FirstOrDefault(File.Exists);
        if (path is null) Assert.Skip("pci.ids is not installed (Debian: hwdata, which pciutils pulls in).");

        var checkedCount = 0;
        var disagreements = new List<string>();
        foreach (var (id, name) in NvidiaEntries(File.ReadLines(path)))
        {
            // Audio, USB and other non-display functions share the chip name but are not what the ranges judge.
            if (NonDisplay.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase))) continue;
            var byName = NvidiaGenerations.FromChipName(name);
            if (byName is null) continue;
            var byId = NvidiaGenerations.FromDeviceId(id);
            checkedCount++;
            if (byId != byName) disagreements.Add($"{id} {name}: ID says {byId?.Name ?? "nothing"}, name says {byName.Name}");
        }

        Assert.True(checkedCount > 800, $"only {checkedCount} NVIDIA display entries were checked in {path}");
        Assert.Empty(disagreements);
    }

    private static readonly string[] NonDisplay =
        ["Audio", "USB", "UCSI", "SMBus", "Bridge", "Ethernet", "SATA", "IDE", "Memory Controller", "LPC", "PCI Express", "Coprocessor", "NVSwitch", "Host", "Co-processor"];

    private static IEnumerable<(string Id, string Name)> NvidiaEntries(IEnumerable<string> lines)
    {
        var inNvidia = false;
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            if (line[0] != '\t')
            {
                inNvidia = line.StartsWith("10de ", StringComparison.Ordinal);
                continue;
            }
            if (inNvidia && line.Length > 7 && line[1] != '\t') yield return (line.Substring(1, 4), line[7..]);
        }
    }
}
