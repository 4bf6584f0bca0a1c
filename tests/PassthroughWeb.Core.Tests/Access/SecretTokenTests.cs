using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Core.Tests.Access;

public sealed class SecretTokenTests
{
    [Fact]
    public void Generate_AccessToken_PrefixedAndRandomAndUrlSafe()
    {
        var first = SecretToken.Generate(SecretToken.AccessTokenPrefix);
        var second = SecretToken.Generate(SecretToken.AccessTokenPrefix);

        Assert.Matches("^pwt_[A-Za-z0-9_-]{43}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Hash_IsTheLowercaseHexSha256_AndMatchesOnlyItsSecret()
    {
        // SHA-256("abc") from FIPS 180-2, appendix B.1.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", SecretToken.Hash("abc"));
        Assert.True(SecretToken.Matches("abc", SecretToken.Hash("abc")));
        Assert.False(SecretToken.Matches("abd", SecretToken.Hash("abc")));
    }
}
