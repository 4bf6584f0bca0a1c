namespace PassthroughWeb.Configuration;

/// <summary>
/// Where the app keeps its SQLite database and backups. Every verb uses the same one:
/// <c>--data</c>, else <c>PASSTHROUGHWEB_DATA</c>, else <c>/var/lib/passthroughweb</c> as root and
/// <c>~/.local/share/passthroughweb</c> otherwise.
/// </summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "PASSTHROUGHWEB_DATA";

    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option)) return Path.GetFullPath(option);
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        if (Environment.IsPrivilegedProcess) return "/var/lib/passthroughweb";
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome))
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "passthroughweb");
    }
}
