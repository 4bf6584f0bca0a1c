namespace PassthroughWeb.Services.Access;

public enum SignInOutcome
{
    SignedIn,

    /// <summary>Wrong name or password (the two are not told apart).</summary>
    Failed,

    /// <summary>Too many failures in a row: the account is locked for a while.</summary>
    LockedOut,

    /// <summary>The password was right and the account needs a second factor before the sign-in completes.</summary>
    RequiresTwoFactor,

    /// <summary>The account may not sign in at all.</summary>
    NotAllowed,

    /// <summary>A host account with the right password that is in none of the host groups allowed to sign in.</summary>
    NotInHostGroup,

    /// <summary>A host account with the right password that the host does not let in now (expired, or its password must be changed).</summary>
    HostAccountUnusable,
}
