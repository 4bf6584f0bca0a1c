using PassthroughWeb.Core.VirtualMachines.Creation;

namespace PassthroughWeb.Core.Tests.VirtualMachines.Creation;

public sealed class VmNameRulesTests
{
    [Theory]
    [InlineData("win11")]
    [InlineData("Windows 11 (RX 6600)")]
    [InlineData("Gäste & \"Freunde\" 'VM'")]
    [InlineData("游戏机")]
    [InlineData("-dash-first")]
    [InlineData("win10.old")]
    public void Problem_NamesLibvirtAccepts_None(string name) => Assert.Null(VmNameRules.Problem(name));

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("a/b")]
    [InlineData("a\tb")]
    [InlineData("trailing ")]
    [InlineData("007")]
    [InlineData("6F1C2E0A-3B4D-4E5F-8A9B-0C1D2E3F4A5B")]
    public void Problem_NamesThatBiteLater_Explained(string? name) => Assert.NotNull(VmNameRules.Problem(name));

    [Fact]
    public void Problem_NameLongerThanFileNamesAllow_CountsUtf8Bytes()
    {
        Assert.Null(VmNameRules.Problem(new string('a', VmNameRules.MaxUtf8Bytes)));
        // 100 characters, 300 bytes: the files named after the VM would not fit.
        Assert.Contains("300 bytes", VmNameRules.Problem(new string('名', 100)), StringComparison.Ordinal);
    }
}
