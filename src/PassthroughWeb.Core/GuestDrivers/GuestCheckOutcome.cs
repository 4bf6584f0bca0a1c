namespace PassthroughWeb.Core.GuestDrivers;

public enum GuestCheckOutcome
{
    Passed,

    /// <summary>Not wrong, but worth the user's attention (e.g. no guest agent: the app cannot look inside).</summary>
    Warning,

    Failed,

    /// <summary>Could not be checked (the VM is not running, or the agent cannot tell).</summary>
    Unknown,
}
