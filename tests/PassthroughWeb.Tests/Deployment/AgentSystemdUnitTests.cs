using PassthroughWeb.Cli;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Tests.Deployment;

/// <summary>
/// deploy/passthroughweb-agent.service: systemd's own verifier accepts it, its command line is an <c>agent</c> the
/// real parser accepts once systemd has put the hub's address in, and the token never appears on it.
/// </summary>
public sealed class AgentSystemdUnitTests : IDisposable
{
    private const string UnitPath = "deploy/passthroughweb-agent.service";
    private readonly string _dir = Directory.CreateTempSubdirectory("pw-agent-unit-").FullName;

    private static ILookup<string, string> Service()
    {
        var section = "";
        var settings = new List<(string Key, string Value)>();
        foreach (var raw in RepositoryFiles.ReadText(UnitPath).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('['))
            {
                section = line;
                continue;
            }
            if (section != "[Service]") continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            settings.Add((line[..equals], line[(equals + 1)..]));
        }
        return settings.ToLookup(s => s.Key, s => s.Value);
    }

    private static string[] ExecStart() => Assert.Single(Service()["ExecStart"]).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Unit_SystemdAnalyzeVerify_AcceptsItWithoutAWord()
    {
        var analyze = RepositoryFiles.FindProgram("systemd-analyze");
        if (analyze is null) Assert.Skip("systemd-analyze is not installed (./test.sh installs Debian's systemd).");
        // The published app and the host's environment file are not installed here: the copy starts /bin/true and reads
        // an environment file beside it, which verify requires to exist.
        var environment = Path.Combine(_dir, "agent.env");
        await File.WriteAllTextAsync(environment, "PASSTHROUGHWEB_HUB=https://hub.lan:5443\nPASSTHROUGHWEB_AGENT_TOKEN=pwt_example\n", TestContext.Current.CancellationToken);
        var copy = Path.Combine(_dir, "passthroughweb-agent.service");
        var text = RepositoryFiles.ReadText(UnitPath)
            .Replace($"ExecStart={ExecStart()[0]} ", "ExecStart=/bin/true ", StringComparison.Ordinal)
            .Replace("EnvironmentFile=/etc/passthroughweb/agent.env", "EnvironmentFile=" + environment, StringComparison.Ordinal);
        await File.WriteAllTextAsync(copy, text, TestContext.Current.CancellationToken);

        var result = await new ProcessCommandRunner().RunAsync(new CommandRequest(analyze, ["verify", copy]) { Timeout = TimeSpan.FromMinutes(1) }, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, $"systemd-analyze verify: exit {result.ExitCode}\n{result.StandardError}");
        Assert.Equal("", result.StandardError.Trim() + result.StandardOutput.Trim());
    }

    [Fact]
    public void Unit_ExecStart_IsAnAgentTheRealParserAccepts_WithTheTokenFromTheEnvironmentFile()
    {
        var arguments = ExecStart();
        // systemd replaces ${PASSTHROUGHWEB_HUB} from the environment file before it starts the program.
        var expanded = arguments[1..].Select(a => a.Replace("${PASSTHROUGHWEB_HUB}", "https://hub.lan:5443", StringComparison.Ordinal)).ToArray();

        var parsed = CliApplication.CreateRootCommand(CliServices.Default).Parse(expanded);

        Assert.Empty(parsed.Errors);
        Assert.Equal("agent", parsed.CommandResult.Command.Name);
        Assert.DoesNotContain("--token", arguments);
        Assert.Contains(AgentCommand.TokenEnvironmentVariable, RepositoryFiles.ReadText(UnitPath), StringComparison.Ordinal);
        Assert.Equal("/var/lib/" + Assert.Single(Service()["StateDirectory"]), expanded[Array.IndexOf(expanded, "--data") + 1]);
    }

    [Fact]
    public void Unit_Hardening_LeavesWritableOnlyWhatTheHubsStepsWrite()
    {
        var service = Service();

        Assert.Equal("root", Assert.Single(service["User"]));
        Assert.Equal("strict", Assert.Single(service["ProtectSystem"]));
        // Steps 2 and 3 applied from the hub write /etc and /boot and rebuild the initramfs, as the app's own service does.
        Assert.Equal(["/etc", "/boot", "-/efi", "/var/lib", "/var/tmp", "/run"], Assert.Single(service["ReadWritePaths"]).Split(' '));
        Assert.False(service["ProtectKernelModules"].Any(), "modprobe loads vfio-pci");
        Assert.False(service["CapabilityBoundingSet"].Any(), "update-initramfs, mount and chown need a root's usual powers");
        Assert.Equal("0700", Assert.Single(service["StateDirectoryMode"]));
        Assert.Equal("yes", Assert.Single(service["NoNewPrivileges"]));
        Assert.False(service["MemoryDenyWriteExecute"].Any(), ".NET's JIT writes code");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
