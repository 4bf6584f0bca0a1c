using System.CommandLine;
using PassthroughWeb.Cli;

namespace PassthroughWeb.Tests.Cli;

/// <summary>One run of the real root command on a real argv, with what it wrote to stdout and stderr.</summary>
internal sealed record CliRun(int ExitCode, string StandardOutput, string StandardError)
{
    public static async Task<CliRun> RunAsync(CliServices services, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, services, new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(CliServices.Default, args);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}
