using System.Diagnostics;
using System.Security.Cryptography;
using PassthroughWeb.Accounts.HostAccounts;
using PassthroughWeb.Tests.Deployment;

namespace PassthroughWeb.Tests.Accounts.HostAccounts;

/// <summary>
/// Real Linux accounts for one test class, made with passwd's tools and removed after, even when a test fails: a
/// throw-away group, a member of it (a supplementary group, as sudo and wheel are) and an outsider, each with a random
/// password set through chpasswd. PAM reads the repository's deploy/pam.d/passthroughweb and the host's own
/// common-auth and common-account from a copy, so the host's /etc/pam.d stays untouched.
/// </summary>
public sealed class ThrowAwayHostAccounts : IDisposable
{
    private readonly List<string[]> _cleanup = [];

    public ThrowAwayHostAccounts()
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        Group = $"pwtest-g{suffix}";
        Member = $"pwtest-m{suffix}";
        Outsider = $"pwtest-o{suffix}";
        MemberPassword = SecretPassword();
        OutsiderPassword = SecretPassword();
        PamDirectory = Path.Combine(Path.GetTempPath(), "passthroughweb-pam", suffix);
        if (Environment.UserName != "root") { Unavailable = "Creating host accounts needs root."; return; }
        if (RepositoryFiles.FindProgram("useradd") is null) { Unavailable = "useradd is missing (apt-get install passwd)."; return; }
        try
        {
            Run(["groupadd", Group]);
            _cleanup.Add(["groupdel", Group]);
            // -U: a user-private primary group, as Debian gives every user; userdel removes it again.
            Run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", "-U", "-G", Group, Member]);
            _cleanup.Insert(0, ["userdel", Member]);
            Run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", "-U", Outsider]);
            _cleanup.Insert(0, ["userdel", Outsider]);
            Run(["chpasswd"], $"{Member}:{MemberPassword}\n{Outsider}:{OutsiderPassword}\n");

            Directory.CreateDirectory(PamDirectory);
            File.Copy(RepositoryFiles.PathOf("deploy/pam.d/passthroughweb"), Path.Combine(PamDirectory, Service));
            foreach (var included in new[] { "common-auth", "common-account" })
                File.Copy(Path.Combine("/etc/pam.d", included), Path.Combine(PamDirectory, included));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public const string Service = "passthroughweb";

    /// <summary>Why these tests cannot run here, or null.</summary>
    public string? Unavailable { get; }

    public string Group { get; }
    public string Member { get; }
    public string Outsider { get; }
    public string MemberPassword { get; }
    public string OutsiderPassword { get; }

    /// <summary>The copy of the PAM configuration the tests point pam_start_confdir at.</summary>
    public string PamDirectory { get; }

    public HostAccountOptions Options => new() { PamService = Service, PamConfigurationDirectory = PamDirectory };

    public void Dispose()
    {
        foreach (var command in _cleanup) TryRun(command);
        _cleanup.Clear();
        if (Directory.Exists(PamDirectory)) Directory.Delete(PamDirectory, recursive: true);
    }

    private static string SecretPassword() => "Pw-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '.').Replace('/', '_');

    private static void Run(string[] command, string? input = null)
    {
        var (exit, error) = Execute(command, input);
        if (exit != 0) throw new InvalidOperationException($"{string.Join(' ', command)} exited {exit}: {error}");
    }

    private static void TryRun(string[] command) => Execute(command, null);

    private static (int Exit, string Error) Execute(string[] command, string? input)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start.");
        if (input is not null) process.StandardInput.Write(input);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
