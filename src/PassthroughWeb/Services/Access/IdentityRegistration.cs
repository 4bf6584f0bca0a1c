using Microsoft.AspNetCore.Identity;
using PassthroughWeb.Accounts.HostAccounts;
using PassthroughWeb.Data;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>
/// Identity on the app's database with the app's rules, registered the same way for the web app and for the CLI's
/// <c>user</c> and <c>token</c> verbs, so a password the CLI accepts is one the web app accepts.
/// </summary>
public static class IdentityRegistration
{
    /// <summary>Minimum password length. Length beats character classes (NIST SP 800-63B), so no class is required.</summary>
    public const int MinimumPasswordLength = 12;

    /// <summary>Failed sign-ins in a row before the account is locked.</summary>
    public const int MaxFailedSignIns = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>Identity's user manager and the access services; the caller registers the database with
    /// <c>AddDbContextFactory</c>, which also registers the scoped context Identity's stores take.</summary>
    public static IdentityBuilder AddPassthroughIdentityCore(this IServiceCollection services)
    {
        var identity = services.AddIdentityCore<PassthroughUser>(Configure)
            .AddEntityFrameworkStores<PassthroughDbContext>()
            .AddClaimsPrincipalFactory<RoleClaimsPrincipalFactory>()
            // Only the authenticator app's codes (TOTP): no e-mail or phone tokens, the app sends no messages.
            .AddTokenProvider<AuthenticatorTokenProvider<PassthroughUser>>(TokenOptions.DefaultAuthenticatorProvider);
        services.AddScoped(s => new AccessTokenStore(s.GetRequiredService<PassthroughDbContext>(), s.GetRequiredService<TimeProvider>()));
        services.AddScoped(s => new SetupTokenStore(s.GetRequiredService<PassthroughDbContext>(), s.GetRequiredService<TimeProvider>()));
        services.AddScoped<UserAdministration>();
        services.AddScoped<AccessTokens>();
        services.AddScoped<FirstRunSetup>();
        services.AddScoped<TwoFactorEnrolment>();
        services.AddScoped<SignInSettings>();
        services.AddSingleton<HostGroupDirectory>();
        services.AddSingleton<PamAuthenticator>();
        services.AddOptions<HostAccountOptions>().BindConfiguration(HostAccountOptions.Section);
        return identity;
    }

    public static void Configure(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Password.RequiredLength = MinimumPasswordLength;
        options.Password.RequiredUniqueChars = 4;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
        options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
        options.User.RequireUniqueEmail = false;
        options.SignIn.RequireConfirmedAccount = false;
    }
}
