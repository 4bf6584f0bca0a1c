using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Core.Tests.Access;

public sealed class HostGroupRoleTests
{
    private static readonly HostGroupRole[] Mapping = [new("sudo", Role.Admin), new("libvirt", Role.Operator), new("adm", Role.Viewer)];

    [Fact]
    public void A_host_account_gets_the_highest_role_of_the_mapped_groups_it_is_in()
    {
        Assert.Equal(Role.Operator, HostGroupRole.RoleFor(["alice", "adm", "libvirt", "plugdev"], Mapping));
        Assert.Equal(Role.Admin, HostGroupRole.RoleFor(["adm", "sudo"], Mapping));
        Assert.Equal(Role.Viewer, HostGroupRole.RoleFor(["adm"], Mapping));
    }

    [Fact]
    public void A_host_account_in_no_mapped_group_gets_no_role()
    {
        Assert.Null(HostGroupRole.RoleFor(["alice", "plugdev", "Sudo"], Mapping));
        Assert.Null(HostGroupRole.RoleFor(["sudo"], []));
    }

    [Fact]
    public void The_mapping_reads_back_what_it_writes()
    {
        var (parsed, errors) = HostGroupRole.Parse(HostGroupRole.Format(Mapping));

        Assert.Empty(errors);
        Assert.Equal(Mapping, parsed);
    }

    [Fact]
    public void The_mapping_accepts_blank_lines_and_any_case_for_roles()
    {
        var (parsed, errors) = HostGroupRole.Parse("\n wheel   admin\r\n\nvirt-ops=operator\n");

        Assert.Empty(errors);
        Assert.Equal([new HostGroupRole("wheel", Role.Admin), new HostGroupRole("virt-ops", Role.Operator)], parsed);
    }

    [Fact]
    public void Every_wrong_line_is_reported_by_its_number()
    {
        var (_, errors) = HostGroupRole.Parse("sudo Admin\nwheel Root\nsudo Viewer\n/etc/passwd Admin\nlibvirt\nadm 2");

        Assert.Equal(
            [
                "Line 2: 'Root' is not a role (Viewer, Operator or Admin).",
                "Line 3: the group 'sudo' is mapped twice.",
                "Line 4: '/etc/passwd' is not a group name.",
                "Line 5: write a group and a role, e.g. \"sudo Admin\".",
                "Line 6: '2' is not a role (Viewer, Operator or Admin).",
            ],
            errors);
    }
}
