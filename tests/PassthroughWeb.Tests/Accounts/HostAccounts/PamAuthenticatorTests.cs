using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PassthroughWeb.Accounts.HostAccounts;

namespace PassthroughWeb.Tests.Accounts.HostAccounts;

/// <summary>The real PAM stack of this machine (pam_unix through Debian's common-auth) checks throw-away accounts.</summary>
public sealed class PamAuthenticatorTests(ThrowAwayHostAccounts accounts) : IClassFixture<ThrowAwayHostAccounts>
{
    [Fact]
    public void The_right_password_of_a_host_account_is_accepted()
    {
        var result = Authenticator().Check(Accounts.Member, Accounts.MemberPassword, "192.0.2.10");

        Assert.Equal(HostPasswordOutcome.Accepted, result.Outcome);
    }

    [Fact]
    public void A_wrong_password_is_refused()
    {
        var result = Authenticator().Check(Accounts.Member, Accounts.MemberPassword + "x", "192.0.2.10");

        Assert.Equal(HostPasswordOutcome.Refused, result.Outcome);
    }

    [Fact]
    public void An_account_that_does_not_exist_is_refused_like_a_wrong_password()
    {
        var result = Authenticator().Check(Accounts.Member + "-gone", Accounts.MemberPassword, null);

        Assert.Equal(HostPasswordOutcome.Refused, result.Outcome);
    }

    [Fact]
    public void A_name_that_cannot_be_an_account_never_reaches_PAM()
    {
        var log = new ListLogger();
        var result = new PamAuthenticator(Options.Create(Accounts.Options), log).Check("root\n", Accounts.MemberPassword, null);

        Assert.Equal(HostPasswordOutcome.Refused, result.Outcome);
        Assert.Empty(log.Lines);
    }

    [Fact]
    public void The_password_is_never_logged()
    {
        var log = new ListLogger();
        var authenticator = new PamAuthenticator(Options.Create(Accounts.Options), log);

        authenticator.Check(Accounts.Member, Accounts.MemberPassword, null);
        authenticator.Check(Accounts.Member, Accounts.OutsiderPassword, null);

        Assert.NotEmpty(log.Lines);
        Assert.All(log.Lines, line => Assert.DoesNotContain(Accounts.MemberPassword, line, StringComparison.Ordinal));
        Assert.All(log.Lines, line => Assert.DoesNotContain(Accounts.OutsiderPassword, line, StringComparison.Ordinal));
    }

    [Fact]
    public void A_PAM_service_with_no_rules_for_it_does_not_accept_anyone()
    {
        // No file for the service and no "other" in the directory: PAM must fail closed.
        var empty = Directory.CreateTempSubdirectory("passthroughweb-pam-empty");
        try
        {
            var options = new HostAccountOptions { PamService = ThrowAwayHostAccounts.Service, PamConfigurationDirectory = empty.FullName };
            var result = new PamAuthenticator(Options.Create(options), NullLogger<PamAuthenticator>.Instance).Check(Accounts.Member, Accounts.MemberPassword, null);

            Assert.NotEqual(HostPasswordOutcome.Accepted, result.Outcome);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private ThrowAwayHostAccounts Accounts
    {
        get
        {
            if (accounts.Unavailable is { } why) Assert.Skip(why);
            return accounts;
        }
    }

    private PamAuthenticator Authenticator() => new(Options.Create(Accounts.Options), NullLogger<PamAuthenticator>.Instance);

    /// <summary>Keeps every formatted log line, to look for secrets in them.</summary>
    private sealed class ListLogger : ILogger<PamAuthenticator>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            lock (Lines) Lines.Add(formatter(state, exception) + exception);
        }
    }
}
