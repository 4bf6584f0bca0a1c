using PassthroughWeb.Cli;
using PassthroughWeb.Configuration;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Transport;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Deployment;

/// <summary>
/// deploy/passthroughweb.service: systemd's own verifier accepts it, its command line is one the real parser and the
/// listen rules accept, and its hardening leaves the app what it must do as root.
/// </summary>
public sealed class SystemdUnitTests : IDisposable
{
    private const string UnitPath = "deploy/passthroughweb.service";
    private readonly string _dir = Directory.CreateTempSubdirectory("pw-unit-").FullName;

    /// <summary>The [Service] settings, each key with all its values (a key may repeat).</summary>
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
        // The published app is not installed here: the copy starts /bin/true, which verify requires to exist.
        var program = ExecStart()[0];
        var copy = Path.Combine(_dir, "passthroughweb.service");
        await File.WriteAllTextAsync(copy, RepositoryFiles.ReadText(UnitPath).Replace($"ExecStart={program} ", "ExecStart=/bin/true ", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var result = await new ProcessCommandRunner().RunAsync(new CommandRequest(analyze, ["verify", copy]) { Timeout = TimeSpan.FromMinutes(1) }, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, $"systemd-analyze verify: exit {result.ExitCode}\n{result.StandardError}");
        // An unknown or misspelt setting is only a warning, with exit 0: nothing at all may be printed.
        Assert.Equal("", result.StandardError.Trim() + result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Unit_ExecStart_IsAServeTheRealParserAndTheListenRulesAccept()
    {
        var started = new List<ServeOptions>();
        var services = CliServices.Default with
        {
            Serve = (options, _) =>
            {
                started.Add(options);
                return Task.FromResult(ExitCodes.Success);
            },
            GetEnvironmentVariable = _ => null,
            Machine = () => new MachineIdentity("workstation", ["192.168.1.10"]),
        };
        var arguments = ExecStart();

        var run = await CliRun.RunAsync(services, arguments[1..]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var options = Assert.Single(started);
        Assert.Equal("serve", arguments[1]);
        Assert.All(options.Listen.Endpoints, e => Assert.True(e.IsLoopback, $"{e.Url} is not loopback"));
        Assert.Equal("/var/lib/" + Assert.Single(Service()["StateDirectory"]), options.DataDirectory);
    }

    [Fact]
    public void Unit_Hardening_LeavesRootWhatTheStepsNeed()
    {
        var service = Service();

        Assert.Equal("root", Assert.Single(service["User"]));
        Assert.Equal("strict", Assert.Single(service["ProtectSystem"]));
        var writable = Assert.Single(service["ReadWritePaths"]).Split(' ');
        foreach (var path in new[] { "/etc", "/boot", "-/efi", "/var/lib", "/var/tmp", "/run" }) Assert.Contains(path, writable);
        Assert.Equal("0700", Assert.Single(service["StateDirectoryMode"]));
        Assert.Equal("0077", Assert.Single(service["UMask"]));
        Assert.Equal("yes", Assert.Single(service["NoNewPrivileges"]));
        Assert.Equal("read-only", Assert.Single(service["ProtectHome"]));
        var families = Assert.Single(service["RestrictAddressFamilies"]).Split(' ');
        foreach (var family in new[] { "AF_UNIX", "AF_NETLINK", "AF_INET", "AF_INET6" }) Assert.Contains(family, families);
        // Each of these would break a step: /dev/kvm and /dev/vfio, .NET's JIT, modprobe, the device list.
        foreach (var breaking in new[] { "PrivateDevices", "MemoryDenyWriteExecute", "ProtectKernelModules", "ProtectClock", "DevicePolicy" })
            Assert.False(service[breaking].Any(), $"{breaking} is set");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
