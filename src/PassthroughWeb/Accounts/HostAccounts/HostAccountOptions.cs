namespace PassthroughWeb.Accounts.HostAccounts;

/// <summary>How the app reaches the host's PAM stack (configuration section <c>HostAccounts</c>).</summary>
public sealed class HostAccountOptions
{
    public const string Section = "HostAccounts";

    /// <summary>The PAM service name: its rules are read from <c>/etc/pam.d/passthroughweb</c> (see deploy/pam.d).</summary>
    public string PamService { get; set; } = "passthroughweb";

    /// <summary>
    /// A directory read instead of /etc/pam.d (libpam 1.4 and later): for tests, which must not edit the host's
    /// PAM configuration. Null in production.
    /// </summary>
    public string? PamConfigurationDirectory { get; set; }
}
