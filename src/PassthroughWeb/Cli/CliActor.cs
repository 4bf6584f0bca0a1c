using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Cli;

/// <summary>The actor behind a command line: the invoking user, as the host knows them.</summary>
public static class CliActor
{
    /// <summary>
    /// <c>SUDO_USER</c> when the verb runs through sudo (the history should name the person, not "root"), else the
    /// account name. The role is Admin: the CLI works on the data directory directly, and whoever may write it may
    /// do anything the app can.
    /// </summary>
    public static Actor FromEnvironment(Func<string, string?> environment, string accountName)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var sudoUser = environment("SUDO_USER");
        var name = string.IsNullOrWhiteSpace(sudoUser) ? accountName : sudoUser.Trim();
        return new Actor(name, Role.Admin, AuthenticationMethod.CommandLine);
    }
}
