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
}
