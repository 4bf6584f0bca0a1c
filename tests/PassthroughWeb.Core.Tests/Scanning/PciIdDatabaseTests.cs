using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Scanning;

public sealed class PciIdDatabaseTests
{
    private const string Sample = """
        # comment
        1002  Advanced Micro Devices, Inc. [AMD/ATI]
        	73ff  Navi 23 [Radeon RX 6600/6600 XT/6600M]
        		1462 5022  RX 6600 MECH 2X
        	ab28  Navi 21/23 HDMI/DP Audio Controller
        10de  NVIDIA Corporation
        	1b80  GP104 [GeForce GTX 1080]
        C 03  Display controller
        	00  VGA compatible controller
        		00  VGA controller
        	02  3D controller
        C 04  Multimedia controller
        	03  Audio device
        """;

    [Fact]
    public void Parse_KnownIds_GivesVendorDeviceSubsystemAndClassNames()
    {
        var db = PciIdDatabase.Parse(Sample);

        Assert.Equal("Advanced Micro Devices, Inc. [AMD/ATI]", db.VendorName("1002"));
        Assert.Equal("Navi 23 [Radeon RX 6600/6600 XT/6600M]", db.DeviceName("1002", "73ff"));
        Assert.Equal("RX 6600 MECH 2X", db.SubsystemName("1002", "73ff", "1462", "5022"));
        Assert.Equal("GP104 [GeForce GTX 1080]", db.DeviceName("10de", "1b80"));
        Assert.Equal("VGA compatible controller", db.ClassName("0300"));
        Assert.Equal("Audio device", db.ClassName("0403"));
        Assert.Equal("Display controller", db.ClassName("0380"));
    }

    [Fact]
    public void Parse_UnknownIds_GivesNull()
    {
        var db = PciIdDatabase.Parse(Sample);

        Assert.Null(db.DeviceName("1002", "0000"));
        Assert.Null(db.VendorName("abcd"));
        Assert.Null(db.ClassName("zz"));
    }

    [Fact]
    public void Load_TheDistributionsDatabase_KnowsTheGuidesCards()
    {
        var db = PciIdDatabase.Load(HostRoot.Default);
        if (db.Source is null) Assert.Skip("No pci.ids on this machine (install the pci.ids or hwdata package).");

        Assert.StartsWith("Navi 23", db.DeviceName("1002", "73ff"), StringComparison.Ordinal);
        Assert.Same(db, PciIdDatabase.Load(HostRoot.Default));
    }

    [Fact]
    public void Load_NoDatabaseUnderTheRoot_IsEmpty()
    {
        var directory = Directory.CreateTempSubdirectory("noids-").FullName;
        try
        {
            Assert.Same(PciIdDatabase.Empty, PciIdDatabase.Load(new HostRoot(directory)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
