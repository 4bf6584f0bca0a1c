using PassthroughWeb.Cli;
using PassthroughWeb.Configuration;
using PassthroughWeb.Core.Transport;
using PassthroughWeb.Tests.Cli;

namespace PassthroughWeb.Tests.Deployment;

/// <summary>Runs a deployment file's command line through the real parser and serve action, with the web app replaced by a recorder.</summary>
internal static class DeploymentCommandLine
{
    /// <summary>The listen plan <paramref name="arguments"/> would start the app with; fails the test when the CLI refuses them.</summary>
    public static async Task<ListenPlan> ServeAsync(string[] arguments)
    {
        var started = new List<ServeOptions>();
        var root = Directory.CreateTempSubdirectory("pw-deploy-").FullName;
        try
        {
            // A container's /host is this test's empty directory: only the command line is under test.
            var replaced = arguments.Select((a, i) => i > 0 && arguments[i - 1] == "--root" ? root : a).ToArray();
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

            var run = await CliRun.RunAsync(services, replaced);

            Assert.True(run.ExitCode == ExitCodes.Success, $"{string.Join(' ', arguments)}\n{run}");
            return Assert.Single(started).Listen;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
