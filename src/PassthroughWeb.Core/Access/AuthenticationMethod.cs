namespace PassthroughWeb.Core.Access;

/// <summary>How the person or program behind an action proved who it is (recorded with every action it takes).</summary>
public enum AuthenticationMethod
{
    /// <summary>Signed in to the web app with a name and password.</summary>
    Password,

    /// <summary>Sent an access token (<c>Authorization: Bearer pwt_…</c>).</summary>
    Token,

    /// <summary>Ran the command-line tool on the host: whoever may write the data directory is trusted as an Admin.</summary>
    CommandLine,

    /// <summary>The app itself at start-up (recovering an interrupted change, verifying after a reboot).</summary>
    Startup,
}
