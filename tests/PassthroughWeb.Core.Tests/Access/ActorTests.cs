using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Core.Tests.Access;

public sealed class ActorTests
{
    [Theory]
    [InlineData(Role.Viewer, Role.Viewer, true)]
    [InlineData(Role.Viewer, Role.Operator, false)]
    [InlineData(Role.Operator, Role.Operator, true)]
    [InlineData(Role.Operator, Role.Admin, false)]
    [InlineData(Role.Admin, Role.Operator, true)]
    public void Check_EachRoleIncludesTheOnesBelow(Role role, Role required, bool allowed)
    {
        var actor = new Actor("olivia", role, AuthenticationMethod.Password);

        var denied = actor.Check(required, "apply changes");

        Assert.Equal(allowed, denied is null);
        Assert.Equal(allowed, actor.Has(required));
    }

    [Fact]
    public void NotAllowed_Message_NamesTheActorTheActionAndTheRoleItNeeds()
    {
        var denied = new Actor("victor", Role.Viewer, AuthenticationMethod.Token).Check(Role.Operator, "roll back changes");

        Assert.Equal("victor is a Viewer and may not roll back changes: that needs the Operator role.", denied!.Message);
    }
}
