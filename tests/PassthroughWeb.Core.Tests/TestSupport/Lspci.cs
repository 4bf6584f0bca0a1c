using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.TestSupport;

/// <summary>
/// Real pciutils on a fixture tree. <c>-A linux-sysfs</c> is always passed: without it a wrong path makes
/// lspci list this machine's own devices instead of failing.
/// </summary>
public static class Lspci
{
    /// <summary>Runs <c>lspci ARGS -A linux-sysfs -O sysfs.path=ROOT/sys/bus/pci</c>; skips the test when pciutils is not installed.</summary>
    public static async Task<CommandResult> RunOnTreeAsync(string rootDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var request = new CommandRequest("lspci", [.. arguments, "-A", "linux-sysfs", "-O", $"sysfs.path={rootDirectory}/sys/bus/pci"])
        {
            Timeout = TimeSpan.FromMinutes(1),
        };
        var result = await new ProcessCommandRunner().RunAsync(request, cancellationToken);
        if (!result.Started) Assert.Skip($"lspci could not be started ({result.StandardError}); install pciutils.");
        return result;
    }
}
