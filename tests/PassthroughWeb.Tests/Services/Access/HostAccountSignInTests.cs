using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Accounts.HostAccounts;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data.Access;
using PassthroughWeb.Services.Access;
using PassthroughWeb.Tests.Accounts.HostAccounts;

namespace PassthroughWeb.Tests.Services.Access;

/// <summary>
/// Host accounts signing in to the web app through the real PAM stack, with throw-away Linux users: the role comes
/// from the host groups at every sign-in, an account in no mapped group is refused, failures lock.
/// </summary>
public sealed class HostAccountSignInTests(ThrowAwayHostAccounts accounts) : IClassFixture<ThrowAwayHostAccounts>
{
    private static readonly Actor Admin = new("owner", Role.Admin, AuthenticationMethod.Password);

    [Fact]
    public async Task A_member_of_a_mapped_group_signs_in_with_the_host_password_and_gets_the_groups_role()
    {
        await using var services = await ServicesAsync();
        await MapAsync(services, $"{Accounts.Group} Operator");

        var (outcome, context) = await SignInAsync(services, Accounts.Member, Accounts.MemberPassword);

        Assert.Equal(SignInOutcome.SignedIn, outcome);
        Assert.Contains("PassthroughWeb.Auth=", context.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
        var user = await FindAsync(services, Accounts.Member);
        Assert.NotNull(user);
        Assert.True(user.IsHostAccount);
        Assert.Equal(Role.Operator, user.Role);
        Assert.Null(user.PasswordHash);
    }

    [Fact]
    public async Task The_role_is_taken_again_from_the_groups_at_every_sign_in()
    {
        await using var services = await ServicesAsync();
        await MapAsync(services, $"{Accounts.Group} Viewer");
        Assert.Equal(SignInOutcome.SignedIn, (await SignInAsync(services, Accounts.Member, Accounts.MemberPassword)).Outcome);
        await MapAsync(services, $"{Accounts.Group} Admin");

        Assert.Equal(SignInOutcome.SignedIn, (await SignInAsync(services, Accounts.Member, Accounts.MemberPassword)).Outcome);

        Assert.Equal(Role.Admin, (await FindAsync(services, Accounts.Member))!.Role);
    }

    [Fact]
    public async Task A_host_account_in_no_mapped_group_is_refused_even_with_the_right_password()
    {
        await using var services = await ServicesAsync();
        await MapAsync(services, $"{Accounts.Group} Admin");

        var (outcome, context) = await SignInAsync(services, Accounts.Outsider, Accounts.OutsiderPassword);

        Assert.Equal(SignInOutcome.NotInHostGroup, outcome);
        Assert.Null(await FindAsync(services, Accounts.Outsider));
        Assert.DoesNotContain("PassthroughWeb.Auth=", context.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_host_password_is_refused_and_repeated_failures_lock_the_name()
    {
        await using var services = await ServicesAsync();
        await MapAsync(services, $"{Accounts.Group} Operator");

        var outcomes = new List<SignInOutcome>();
        for (var i = 0; i < IdentityRegistration.MaxFailedSignIns; i++)
            outcomes.Add((await SignInAsync(services, Accounts.Member, "wrong-" + Accounts.MemberPassword)).Outcome);
        var withRightPassword = (await SignInAsync(services, Accounts.Member, Accounts.MemberPassword)).Outcome;

        Assert.All(outcomes.SkipLast(1), o => Assert.Equal(SignInOutcome.Failed, o));
        Assert.Equal(SignInOutcome.LockedOut, outcomes[^1]);
        Assert.Equal(SignInOutcome.LockedOut, withRightPassword);
        // Guessing created no user row.
        Assert.Null(await FindAsync(services, Accounts.Member));
    }

    [Fact]
    public async Task A_host_account_that_signed_in_before_is_locked_by_Identity_after_repeated_failures()
    {
        await using var services = await ServicesAsync();
        await MapAsync(services, $"{Accounts.Group} Operator");
        Assert.Equal(SignInOutcome.SignedIn, (await SignInAsync(services, Accounts.Member, Accounts.MemberPassword)).Outcome);

        for (var i = 0; i < IdentityRegistration.MaxFailedSignIns; i++) await SignInAsync(services, Accounts.Member, "wrong-" + Accounts.MemberPassword);

        Assert.Equal(SignInOutcome.LockedOut, (await SignInAsync(services, Accounts.Member, Accounts.MemberPassword)).Outcome);
        Assert.NotNull((await FindAsync(services, Accounts.Member))!.LockoutEnd);
    }

    [Fact]
    public async Task With_host_accounts_off_a_host_password_signs_no_one_in()
    {
        await using var services = await ServicesAsync();
        await using (var scope = services.Scope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<SignInSettings>().SaveAsync(Admin, false, hostAccountsEnabled: false, $"{Accounts.Group} Admin", CancellationToken.None);
            Assert.True(saved.Succeeded, saved.Message);
        }

        Assert.Equal(SignInOutcome.Failed, (await SignInAsync(services, Accounts.Member, Accounts.MemberPassword)).Outcome);
    }

    [Fact]
    public async Task A_host_account_with_two_factor_on_must_still_give_a_code()
    {
        await using var services = await ServicesAsync();
        await MapAsync(services, $"{Accounts.Group} Operator");
        Assert.Equal(SignInOutcome.SignedIn, (await SignInAsync(services, Accounts.Member, Accounts.MemberPassword)).Outcome);
        await using (var scope = services.Scope())
        {
            var enrolment = scope.ServiceProvider.GetRequiredService<TwoFactorEnrolment>();
            var member = new Actor(Accounts.Member, Role.Operator, AuthenticationMethod.Password);
            await enrolment.BeginAsync(member);
            var key = (await enrolment.GetStatusAsync(member, CancellationToken.None))!.PendingKey!;
            Assert.True((await enrolment.ConfirmAsync(member, Totp.Code(key.Secret, DateTimeOffset.UtcNow))).Result.Succeeded);
        }

        var (outcome, context) = await SignInAsync(services, Accounts.Member, Accounts.MemberPassword);

        Assert.Equal(SignInOutcome.RequiresTwoFactor, outcome);
        var cookies = context.Response.Headers.SetCookie.ToString();
        Assert.Contains("Identity.TwoFactorUserId=", cookies, StringComparison.Ordinal);
        Assert.DoesNotContain("PassthroughWeb.Auth=", cookies, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_account_cannot_be_given_an_app_password()
    {
        await using var services = await ServicesAsync();
        await MapAsync(services, $"{Accounts.Group} Operator");
        Assert.Equal(SignInOutcome.SignedIn, (await SignInAsync(services, Accounts.Member, Accounts.MemberPassword)).Outcome);
        await using var scope = services.Scope();

        var reset = await scope.ServiceProvider.GetRequiredService<UserAdministration>().ResetPasswordAsync(Admin, Accounts.Member, "a long new app password");

        Assert.Equal(AccountChangeOutcome.Invalid, reset.Outcome);
        Assert.Null((await FindAsync(services, Accounts.Member))!.PasswordHash);
    }

    private ThrowAwayHostAccounts Accounts
    {
        get
        {
            if (accounts.Unavailable is { } why) Assert.Skip(why);
            return accounts;
        }
    }

    private Task<AccessServices> ServicesAsync()
    {
        var options = Accounts.Options;
        return AccessServices.CreateAsync(
            s => s.Configure<HostAccountOptions>(o =>
            {
                o.PamService = options.PamService;
                o.PamConfigurationDirectory = options.PamConfigurationDirectory;
            }),
            web: true);
    }

    private static async Task MapAsync(AccessServices services, string mapping)
    {
        await using var scope = services.Scope();
        var saved = await scope.ServiceProvider.GetRequiredService<SignInSettings>().SaveAsync(Admin, false, true, mapping, CancellationToken.None);
        Assert.True(saved.Succeeded, saved.Message);
    }

    /// <summary>One sign-in request: its own scope and HttpContext, whose response carries the cookies issued.</summary>
    private static async Task<(SignInOutcome Outcome, HttpContext Context)> SignInAsync(AccessServices services, string name, string password)
    {
        await using var scope = services.Scope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = context;
        var outcome = await scope.ServiceProvider.GetRequiredService<SignInService>().SignInAsync(name, password, remember: false, "192.0.2.20");
        return (outcome, context);
    }

    private static async Task<PassthroughUser?> FindAsync(AccessServices services, string name)
    {
        await using var scope = services.Scope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<PassthroughUser>>().FindByNameAsync(name);
    }
}
