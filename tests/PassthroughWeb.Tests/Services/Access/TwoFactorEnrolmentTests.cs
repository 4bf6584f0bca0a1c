using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Data.Access;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Tests.Services.Access;

/// <summary>Enrolment in two-factor sign-in with codes an authenticator app would show, computed here by RFC 6238.</summary>
public sealed class TwoFactorEnrolmentTests : IAsyncLifetime
{
    private static readonly Actor Alice = new("alice", Role.Operator, AuthenticationMethod.Password);
    private static readonly Actor Admin = new("root-admin", Role.Admin, AuthenticationMethod.Password);
    private AccessServices _services = null!;

    public async ValueTask InitializeAsync()
    {
        _services = await AccessServices.CreateAsync();
        await using var scope = _services.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PassthroughUser>>();
        foreach (var actor in new[] { Alice, Admin })
            Assert.True((await users.CreateAsync(new PassthroughUser { UserName = actor.Name, Role = actor.Role }, "correct horse battery")).Succeeded);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public void The_tests_own_codes_match_the_RFC_6238_test_vector()
    {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits); its last 6 digits are what a 6-digit app shows.
        var secret = Encoding.ASCII.GetBytes("12345678901234567890");

        Assert.Equal("94287082", Totp.Code(secret, 59 / 30, 8));
        Assert.Equal("287082", Totp.Code(secret, 59 / 30, 6));
        Assert.Equal(Encoding.ASCII.GetBytes("12345"), Totp.Base32("GEZDGNBV"));
    }

    [Fact]
    public async Task A_code_from_the_app_turns_two_factor_on_and_gives_ten_recovery_codes_once()
    {
        await using var scope = _services.Scope();
        var enrolment = scope.ServiceProvider.GetRequiredService<TwoFactorEnrolment>();

        Assert.True((await enrolment.BeginAsync(Alice)).Succeeded);
        var pending = (await enrolment.GetStatusAsync(Alice, CancellationToken.None))!;
        Assert.False(pending.Enabled);
        var key = Assert.IsType<AuthenticatorKey>(pending.PendingKey);
        Assert.StartsWith("otpauth://totp/PassthroughWeb:alice%40", key.EnrolmentUri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains($"secret={key.Secret}", key.EnrolmentUri.Query, StringComparison.Ordinal);

        var (result, codes) = await enrolment.ConfirmAsync(Alice, Totp.Code(key.Secret, DateTimeOffset.UtcNow));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(TwoFactorEnrolment.RecoveryCodeCount, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        var on = (await enrolment.GetStatusAsync(Alice, CancellationToken.None))!;
        Assert.True(on.Enabled);
        Assert.Equal(10, on.RecoveryCodesLeft);
        Assert.Null(on.PendingKey);
    }

    [Fact]
    public async Task A_code_typed_with_a_space_as_apps_show_it_is_accepted()
    {
        await using var scope = _services.Scope();
        var enrolment = scope.ServiceProvider.GetRequiredService<TwoFactorEnrolment>();
        await enrolment.BeginAsync(Alice);
        var key = (await enrolment.GetStatusAsync(Alice, CancellationToken.None))!.PendingKey!;
        var code = Totp.Code(key.Secret, DateTimeOffset.UtcNow);

        var (result, _) = await enrolment.ConfirmAsync(Alice, $"{code[..3]} {code[3..]}");

        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public async Task A_wrong_code_leaves_two_factor_off()
    {
        await using var scope = _services.Scope();
        var enrolment = scope.ServiceProvider.GetRequiredService<TwoFactorEnrolment>();
        await enrolment.BeginAsync(Alice);
        var key = (await enrolment.GetStatusAsync(Alice, CancellationToken.None))!.PendingKey!;

        // The code of ten minutes from now: right key, wrong time.
        var (result, codes) = await enrolment.ConfirmAsync(Alice, Totp.Code(key.Secret, DateTimeOffset.UtcNow.AddMinutes(10)));

        Assert.Equal(AccountChangeOutcome.Invalid, result.Outcome);
        Assert.Empty(codes);
        Assert.False((await enrolment.GetStatusAsync(Alice, CancellationToken.None))!.Enabled);
    }

    [Fact]
    public async Task Turning_it_off_forgets_the_key_so_the_old_apps_codes_no_longer_enrol()
    {
        await using var scope = _services.Scope();
        var enrolment = scope.ServiceProvider.GetRequiredService<TwoFactorEnrolment>();
        var oldKey = await EnrolAsync(enrolment, Alice);

        Assert.True((await enrolment.DisableAsync(Alice, CancellationToken.None)).Succeeded);

        var off = (await enrolment.GetStatusAsync(Alice, CancellationToken.None))!;
        Assert.False(off.Enabled);
        Assert.NotEqual(oldKey, off.PendingKey?.Secret);
    }

    [Fact]
    public async Task When_an_Admin_requires_it_a_user_cannot_turn_it_off_but_an_Admin_can_reset_it()
    {
        await using var scope = _services.Scope();
        var enrolment = scope.ServiceProvider.GetRequiredService<TwoFactorEnrolment>();
        var settings = scope.ServiceProvider.GetRequiredService<SignInSettings>();
        await EnrolAsync(enrolment, Alice);
        Assert.True((await settings.SaveAsync(Admin, requireTwoFactor: true, hostAccountsEnabled: false, "", CancellationToken.None)).Succeeded);

        var refused = await enrolment.DisableAsync(Alice, CancellationToken.None);
        var notAdmin = await enrolment.ResetAsync(Alice, "alice");
        var reset = await enrolment.ResetAsync(Admin, "alice");

        Assert.Equal(AccountChangeOutcome.Invalid, refused.Outcome);
        Assert.Equal(AccountChangeOutcome.NotAllowed, notAdmin.Outcome);
        Assert.True(reset.Succeeded, reset.Message);
        Assert.False((await enrolment.GetStatusAsync(Alice, CancellationToken.None))!.Enabled);
    }

    [Fact]
    public async Task Renewed_recovery_codes_replace_the_old_ones()
    {
        await using var scope = _services.Scope();
        var enrolment = scope.ServiceProvider.GetRequiredService<TwoFactorEnrolment>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PassthroughUser>>();
        await EnrolAsync(enrolment, Alice);
        var user = (await users.FindByNameAsync("alice"))!;
        var (_, first) = await enrolment.RenewRecoveryCodesAsync(Alice);

        var (renewed, second) = await enrolment.RenewRecoveryCodesAsync(Alice);

        Assert.True(renewed.Succeeded);
        Assert.Empty(first.Intersect(second));
        user = (await users.FindByNameAsync("alice"))!;
        Assert.False((await users.RedeemTwoFactorRecoveryCodeAsync(user, first[0])).Succeeded);
        Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(user, second[0])).Succeeded);
        Assert.Equal(9, await users.CountRecoveryCodesAsync(user));
    }

    private static async Task<string> EnrolAsync(TwoFactorEnrolment enrolment, Actor actor)
    {
        await enrolment.BeginAsync(actor);
        var key = (await enrolment.GetStatusAsync(actor, CancellationToken.None))!.PendingKey!;
        var (result, _) = await enrolment.ConfirmAsync(actor, Totp.Code(key.Secret, DateTimeOffset.UtcNow));
        Assert.True(result.Succeeded, result.Message);
        return key.Secret;
    }
}
