using PassthroughWeb.Core.GuestDrivers;

namespace PassthroughWeb.Core.Tests.GuestDrivers;

public sealed class NvidiaDriverVersionTests
{
    [Theory]
    [InlineData("31.0.15.3179", "531.79", true)]   // Windows' form of 531.79
    [InlineData("30.0.14.9649", "496.49", true)]
    [InlineData("30.0.14.6589", "465.89", true)]   // the first driver that supports passthrough
    [InlineData("27.21.14.5671", "456.71", false)]
    [InlineData("23.21.13.9135", "391.35", false)] // Fermi's last
    [InlineData("474.44", "474.44", true)]
    [InlineData("391.35", "391.35", false)]
    public void TryParse_WindowsAndNvidiaForms_GiveNvidiasNumber(string text, string expected, bool runsInVm)
    {
        Assert.True(NvidiaDriverVersion.TryParse(text, out var version));
        Assert.Equal(expected, version.ToString());
        Assert.Equal(runsInVm, version.Value.RunsInVirtualMachine);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("10.0")]
    [InlineData("a.b.c.d")]
    [InlineData("1.2.3")]
    public void TryParse_NotADriverVersion_IsRefused(string? text)
    {
        Assert.False(NvidiaDriverVersion.TryParse(text, out _));
    }
}
