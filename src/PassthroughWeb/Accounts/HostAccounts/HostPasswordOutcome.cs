namespace PassthroughWeb.Accounts.HostAccounts;

/// <summary>What the host's PAM stack answered to a name and password.</summary>
public enum HostPasswordOutcome
{
    /// <summary>The password is right and the account may be used now (<c>pam_authenticate</c> and <c>pam_acct_mgmt</c> succeeded).</summary>
    Accepted,

    /// <summary>Wrong password, or no such account (PAM does not tell the two apart, and neither does the app).</summary>
    Refused,

    /// <summary>The password is right but the account may not be used: expired, or its password must be changed first.</summary>
    AccountUnusable,

    /// <summary>PAM could not answer: libpam is missing, the service file is broken, or a module failed.</summary>
    Unavailable,
}
