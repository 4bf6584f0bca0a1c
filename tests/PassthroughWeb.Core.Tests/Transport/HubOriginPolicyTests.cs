using PassthroughWeb.Core.Transport;

namespace PassthroughWeb.Core.Tests.Transport;

public sealed class HubOriginPolicyTests
{
    [Theory]
    [InlineData(null, "127.0.0.1:5080")]
    [InlineData("", "127.0.0.1:5080")]
    [InlineData("http://127.0.0.1:5080", "127.0.0.1:5080")]
    [InlineData("https://workstation.lan:5443", "workstation.lan:5443")]
    [InlineData("https://WORKSTATION.lan:5443", "workstation.lan:5443")]
    [InlineData("https://workstation.lan", "workstation.lan")]
    [InlineData("https://workstation.lan", "workstation.lan:443")]
    [InlineData("http://[::1]:5080", "[::1]:5080")]
    // Behind a TLS proxy the browser's origin is https while the app sees the proxied request as http.
    [InlineData("https://passthrough.example.org", "passthrough.example.org")]
    public void Allows_NoOriginOrTheRequestsOwnHostAndPort(string? origin, string host) =>
        Assert.True(HubOriginPolicy.Allows(origin, host));

    [Theory]
    [InlineData("https://evil.example", "workstation.lan:5443")]
    [InlineData("http://127.0.0.1:8000", "127.0.0.1:5080")]
    [InlineData("http://localhost:5080", "127.0.0.1:5080")]
    [InlineData("https://workstation.lan.evil.example", "workstation.lan")]
    [InlineData("null", "127.0.0.1:5080")]
    [InlineData("file://", "127.0.0.1:5080")]
    [InlineData("chrome-extension://abcdef", "127.0.0.1:5080")]
    [InlineData("https://workstation.lan:5443", "workstation.lan")]
    public void Refuses_AnyOtherOrigin(string origin, string host) =>
        Assert.False(HubOriginPolicy.Allows(origin, host));
}
