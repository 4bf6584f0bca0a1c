namespace PassthroughWeb.Services.Access;

public enum AccountChangeOutcome
{
    Done,

    /// <summary>The actor's role does not allow the change (see <see cref="AccountChangeResult.Denied"/>).</summary>
    NotAllowed,

    /// <summary>No such user, or no active token of that name.</summary>
    NotFound,

    /// <summary>The request breaks a rule (the password policy, a name in use, the last Admin); the message says which.</summary>
    Invalid,
}
