using PassthroughWeb.Accounts.HostAccounts;

namespace PassthroughWeb.Tests.Accounts.HostAccounts;

/// <summary>Group membership as glibc reports it (through NSS), for throw-away accounts made by useradd.</summary>
public sealed class HostGroupDirectoryTests(ThrowAwayHostAccounts accounts) : IClassFixture<ThrowAwayHostAccounts>
{
    private readonly HostGroupDirectory _groups = new();

    [Fact]
    public void A_member_of_a_supplementary_group_belongs_to_it_and_to_its_own_primary_group()
    {
        var groups = _groups.GroupsOf(Accounts.Member);

        Assert.NotNull(groups);
        Assert.Contains(Accounts.Group, groups);
        Assert.Contains(Accounts.Member, groups);
    }

    [Fact]
    public void An_outsider_does_not_belong_to_the_group()
    {
        var groups = _groups.GroupsOf(Accounts.Outsider);

        Assert.NotNull(groups);
        Assert.DoesNotContain(Accounts.Group, groups);
    }

    [Fact]
    public void An_account_that_does_not_exist_has_no_groups()
    {
        Assert.Null(_groups.GroupsOf(Accounts.Member + "-gone"));
    }

    [Fact]
    public void Groups_are_found_by_name()
    {
        Assert.True(_groups.GroupExists(Accounts.Group));
        Assert.True(_groups.GroupExists("root"));
        Assert.False(_groups.GroupExists(Accounts.Group + "-gone"));
    }

    [Fact]
    public void The_administrators_group_is_wheel_where_it_exists_else_sudo()
    {
        var names = File.ReadAllLines("/etc/group").Select(line => line.Split(':')[0]).ToHashSet();
        var expected = names.Contains("wheel") ? "wheel" : names.Contains("sudo") ? "sudo" : null;

        Assert.Equal(expected, _groups.AdministratorsGroup());
    }

    private ThrowAwayHostAccounts Accounts
    {
        get
        {
            if (accounts.Unavailable is { } why) Assert.Skip(why);
            return accounts;
        }
    }
}
