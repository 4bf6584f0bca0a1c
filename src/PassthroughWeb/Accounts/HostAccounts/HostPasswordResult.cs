namespace PassthroughWeb.Accounts.HostAccounts;

/// <summary>The outcome of a PAM check, with PAM's own words for the log (never the password).</summary>
public sealed record HostPasswordResult(HostPasswordOutcome Outcome, string Detail)
{
    public bool Accepted => Outcome == HostPasswordOutcome.Accepted;
}
