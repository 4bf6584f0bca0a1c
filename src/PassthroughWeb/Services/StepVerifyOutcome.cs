namespace PassthroughWeb.Services;

public enum StepVerifyOutcome
{
    /// <summary>Every check after the reboot holds.</summary>
    Passed,

    /// <summary>A check does not hold: the messages say which and what to do.</summary>
    Failed,

    /// <summary>The newest applied set was applied in this boot: reboot first.</summary>
    RebootNeeded,

    /// <summary>No applied change set of this host to verify.</summary>
    NothingToVerify,

    /// <summary>The actor's role does not allow verifying (it records a result in the history).</summary>
    NotAllowed,
}
