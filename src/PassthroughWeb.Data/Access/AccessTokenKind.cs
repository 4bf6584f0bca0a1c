namespace PassthroughWeb.Data.Access;

/// <summary>Who an access token is for. Stored by name.</summary>
public enum AccessTokenKind
{
    /// <summary>A script acting as the user who owns the token, with that user's role.</summary>
    User,

    /// <summary>An agent on another host reporting to this app (the multi-host work); owned by the Admin who created it.</summary>
    Agent,
}
