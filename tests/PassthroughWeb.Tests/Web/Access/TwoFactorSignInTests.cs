using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Services.Access;
using PassthroughWeb.Tests.Services;
using PassthroughWeb.Tests.Services.Access;

namespace PassthroughWeb.Tests.Web.Access;

/// <summary>
/// Two-factor sign-in on the real app: the second step after the password, with a code computed here by RFC 6238 or a
/// recovery code, and the Admin's rule that sends users without it to enrol first.
/// </summary>
public sealed partial class TwoFactorSignInTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private static readonly Actor Olivia = TestActors.Operator;
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        await _app.AddUserAsync(Olivia.Name, Role.Operator, Password);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EnrolledUser_RightPassword_AskedForTheCodeBeforeSignedIn()
    {
        var (secret, _) = await EnrolAsync();
        using var client = _app.NewClient();

        using var password = await TestApp.SignInAsync(client, Olivia.Name, Password);
        using var before = await client.GetAsync(new Uri("api/me", UriKind.Relative), TestContext.Current.CancellationToken);
        using var code = await PostCodeAsync(client, "code", Totp.Code(secret, DateTimeOffset.UtcNow));
        using var after = await client.GetAsync(new Uri("api/me", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Equal("/account/sign-in/two-factor?ReturnUrl=%2F&Remember=false", PathOf(password));
        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.Equal("/history", PathOf(code));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task EnrolledUser_WrongCode_NotSignedIn()
    {
        var (secret, _) = await EnrolAsync();
        using var client = _app.NewClient();
        await TestApp.SignInAsync(client, Olivia.Name, Password);

        using var code = await PostCodeAsync(client, "code", Totp.Code(secret, DateTimeOffset.UtcNow.AddMinutes(10)));
        using var me = await client.GetAsync(new Uri("api/me", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, code.StatusCode);
        Assert.Contains("That code is not right", await code.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce()
    {
        var (_, recoveryCodes) = await EnrolAsync();
        using var first = _app.NewClient();
        using var second = _app.NewClient();

        await TestApp.SignInAsync(first, Olivia.Name, Password);
        using var used = await PostCodeAsync(first, "recovery", recoveryCodes[0]);
        await TestApp.SignInAsync(second, Olivia.Name, Password);
        using var reused = await PostCodeAsync(second, "recovery", recoveryCodes[0]);

        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("used already", await reused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoFactorStep_WithoutThePassword_OffersNoForm()
    {
        using var client = _app.NewClient();

        var html = await client.GetStringAsync(new Uri("account/sign-in/two-factor", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.DoesNotContain("two-factor-sign-in-form", html, StringComparison.Ordinal);
        Assert.Contains("sign in</a> first", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoFactorRequired_UserWithoutIt_SentToEnrolFirst_ThenLetIn()
    {
        await RequireTwoFactorAsync();
        using var client = _app.NewClient();
        await TestApp.SignInAsync(client, Olivia.Name, Password);

        using var page = await client.GetAsync(new Uri("history", UriKind.Relative), TestContext.Current.CancellationToken);
        using var api = await client.GetAsync(new Uri("api/me", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/two-factor", PathOf(page));
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);

        // Enrol through the page's own forms, as the user would.
        using var begin = await TestApp.PostFormAsync(client, "account/two-factor", "begin", new() { ["Begin.Confirm"] = "yes" });
        var enrolPage = await begin.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("<svg", enrolPage, StringComparison.Ordinal);
        var secret = KeyOnPage().Match(enrolPage).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        using var confirm = await TestApp.PostFormAsync(client, "account/two-factor", "confirm", new() { ["Confirm.Code"] = Totp.Code(secret, DateTimeOffset.UtcNow) });
        var confirmed = await confirm.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("data-testid=\"recovery-codes\"", confirmed, StringComparison.Ordinal);

        using var afterwards = await client.GetAsync(new Uri("api/me", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task TwoFactorRequired_SignOut_StillAllowed()
    {
        await RequireTwoFactorAsync();
        using var client = _app.NewClient();
        await TestApp.SignInAsync(client, Olivia.Name, Password);

        using var signOut = await TestApp.PostFormAsync(client, "account/two-factor", "sign-out", [], postTo: "account/logout");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/account/login", PathOf(signOut));
    }

    [Fact]
    public async Task TwoFactorRequired_TokensStillWork()
    {
        await RequireTwoFactorAsync();
        var token = await _app.CreateTokenAsync(Olivia.Name, "backup-script");
        using var client = _app.NewClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        using var me = await client.GetAsync(new Uri("api/me", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task SignInSettingsPage_Admin_RequiresTwoFactor_ThenIsSentToEnrol()
    {
        await _app.AddUserAsync(TestActors.Admin.Name, Role.Admin, Password);
        using var client = _app.NewClient();
        await TestApp.SignInAsync(client, TestActors.Admin.Name, Password);

        using var saved = await TestApp.PostFormAsync(client, "settings/sign-in", "sign-in-settings",
            new() { ["Input.RequireTwoFactor"] = "true", ["Input.HostAccountsEnabled"] = "true", ["Input.HostGroups"] = "root Admin" });
        using var next = await client.GetAsync(new Uri("history", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("The sign-in settings are saved.", await saved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal("/account/two-factor", PathOf(next));
    }

    [Fact]
    public async Task SignInSettingsPage_Operator_Denied()
    {
        using var client = _app.NewClient();
        await TestApp.SignInAsync(client, Olivia.Name, Password);

        using var response = await client.GetAsync(new Uri("settings/sign-in", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", PathOf(response), StringComparison.Ordinal);
    }

    private async Task<(string Secret, IReadOnlyList<string> RecoveryCodes)> EnrolAsync()
    {
        await using var scope = _app.App.Services.CreateAsyncScope();
        var enrolment = scope.ServiceProvider.GetRequiredService<TwoFactorEnrolment>();
        await enrolment.BeginAsync(Olivia);
        var key = (await enrolment.GetStatusAsync(Olivia, CancellationToken.None))!.PendingKey!;
        var (result, codes) = await enrolment.ConfirmAsync(Olivia, Totp.Code(key.Secret, DateTimeOffset.UtcNow));
        Assert.True(result.Succeeded, result.Message);
        return (key.Secret, codes);
    }

    private async Task RequireTwoFactorAsync()
    {
        await using var scope = _app.App.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<SignInSettings>().SaveAsync(TestActors.Admin, requireTwoFactor: true, hostAccountsEnabled: false, "", CancellationToken.None);
        Assert.True(saved.Succeeded, saved.Message);
    }

    private static Task<HttpResponseMessage> PostCodeAsync(HttpClient client, string form, string code) =>
        TestApp.PostFormAsync(client, "account/sign-in/two-factor?ReturnUrl=%2Fhistory&Remember=false", form,
            new() { [form == "code" ? "Code.Value" : "Recovery.Value"] = code });

    /// <summary>Where a redirect goes, as a path: the app answers with absolute or relative locations.</summary>
    private static string PathOf(HttpResponseMessage response) =>
        response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location?.OriginalString ?? "";

    [GeneratedRegex("data-testid=\"two-factor-key\">([a-z2-7 ]+)<")]
    private static partial Regex KeyOnPage();
}
