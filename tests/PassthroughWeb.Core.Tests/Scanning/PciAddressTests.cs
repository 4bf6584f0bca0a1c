using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.Scanning;

public sealed class PciAddressTests
{
    [Theory]
    [InlineData("0000:07:00.0", "0000:07:00.0")]
    [InlineData("07:00.1", "0000:07:00.1")]
    [InlineData("0000:0B:00.0", "0000:0b:00.0")]
    [InlineData("10000:c1:1f.7", null)]
    [InlineData("0000:07:20.0", null)]
    [InlineData("0000:07:00.8", null)]
    [InlineData("07:00", null)]
    [InlineData("garbage", null)]
    public void TryParse_WritesFullLowerCaseForm_OrRefuses(string text, string? expected)
    {
        var ok = PciAddress.TryParse(text, out var address);

        Assert.Equal(expected is not null, ok);
        if (expected is not null) Assert.Equal(expected, address.ToString());
    }

    [Fact]
    public void SlotAddress_OfAnyFunction_IsFunctionZero()
    {
        Assert.Equal(PciAddress.Parse("0000:07:00.0"), PciAddress.Parse("0000:07:00.3").SlotAddress);
    }
}
