using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Accounts.HostAccounts;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Services.Access;
using PassthroughWeb.Tests.Services;

namespace PassthroughWeb.Tests.Services.Access;

/// <summary>The Admin's sign-in settings, stored in the app's database.</summary>
public sealed class SignInSettingsTests : IAsyncLifetime
{
    private AccessServices _services = null!;

    public async ValueTask InitializeAsync() => _services = await AccessServices.CreateAsync();

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Unsaved_settings_let_the_hosts_administrators_group_in_as_Admin_and_leave_two_factor_optional()
    {
        await using var scope = _services.Scope();
        var expectedGroup = new HostGroupDirectory().AdministratorsGroup();

        var policy = await scope.ServiceProvider.GetRequiredService<SignInSettings>().GetAsync(CancellationToken.None);

        Assert.True(policy.IsDefault);
        Assert.False(policy.RequireTwoFactor);
        Assert.True(policy.HostAccountsEnabled);
        Assert.Equal(expectedGroup is null ? [] : [new HostGroupRole(expectedGroup, Role.Admin)], policy.HostGroups);
    }

    [Fact]
    public async Task Saved_settings_are_read_back()
    {
        await using var scope = _services.Scope();
        var settings = scope.ServiceProvider.GetRequiredService<SignInSettings>();

        var saved = await settings.SaveAsync(TestActors.Admin, requireTwoFactor: true, hostAccountsEnabled: true, "root Operator\nadm Viewer", CancellationToken.None);
        var policy = await settings.GetAsync(CancellationToken.None);

        Assert.True(saved.Succeeded, saved.Message);
        Assert.False(policy.IsDefault);
        Assert.True(policy.RequireTwoFactor);
        Assert.True(policy.HostAccountsEnabled);
        Assert.Equal([new HostGroupRole("root", Role.Operator), new HostGroupRole("adm", Role.Viewer)], policy.HostGroups);
    }

    [Fact]
    public async Task Only_an_Admin_changes_them()
    {
        await using var scope = _services.Scope();
        var settings = scope.ServiceProvider.GetRequiredService<SignInSettings>();

        var refused = await settings.SaveAsync(TestActors.Operator, requireTwoFactor: false, hostAccountsEnabled: true, "root Admin", CancellationToken.None);

        Assert.Equal(AccountChangeOutcome.NotAllowed, refused.Outcome);
        Assert.True((await settings.GetAsync(CancellationToken.None)).IsDefault);
    }

    [Fact]
    public async Task A_group_the_host_does_not_have_is_refused_by_name()
    {
        await using var scope = _services.Scope();
        var settings = scope.ServiceProvider.GetRequiredService<SignInSettings>();

        var refused = await settings.SaveAsync(TestActors.Admin, requireTwoFactor: false, hostAccountsEnabled: true, "root Admin\nno-such-group-here Operator", CancellationToken.None);

        Assert.Equal(AccountChangeOutcome.Invalid, refused.Outcome);
        Assert.Equal("This host has no group named 'no-such-group-here'.", refused.Message);
    }
}
