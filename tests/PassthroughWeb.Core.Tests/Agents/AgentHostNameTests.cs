using PassthroughWeb.Core.Agents;

namespace PassthroughWeb.Core.Tests.Agents;

public sealed class AgentHostNameTests
{
    [Theory]
    [InlineData("gpu-node-017")]
    [InlineData("render-003")]
    [InlineData("workstation.lab.example")]
    [InlineData("w")]
    public void AHostNameAsHostnamePrintsIt_IsAccepted(string name) => Assert.Null(AgentHostName.Problem(name));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-gpu-node")]
    [InlineData("gpu-node-")]
    [InlineData("gpu node 17")]
    [InlineData("gpu_node_017")]
    [InlineData("../etc")]
    [InlineData("gpu-node-017/x")]
    public void AnythingElse_IsRefusedSayingWhatAHostNameLooksLike(string name)
    {
        var problem = AgentHostName.Problem(name);

        Assert.NotNull(problem);
        Assert.Contains("host name", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ANameLongerThanDnsAllows_IsRefused() => Assert.Contains("longer", AgentHostName.Problem(new string('a', 254)), StringComparison.Ordinal);
}
