using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// Runs a plan's programs for real, but only ones found in a test's own bin directory (a program name is looked up
/// there and nowhere else), so a test that runs commands against a fixture root can never rebuild this machine's
/// initramfs or grub.cfg. A program missing from the directory does not start, as a missing program would not.
/// </summary>
internal sealed class SandboxCommandRunner(string binDirectory) : ICommandRunner
{
    private readonly ProcessCommandRunner _runner = new();

    public List<CommandRequest> Requests { get; } = [];

    public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Requests.Add(request);
        var program = Path.Combine(binDirectory, Path.GetFileName(request.Program));
        if (!File.Exists(program)) return Task.FromResult(CommandResult.NotStarted($"{request.Program}: not found in the test's bin directory {binDirectory}."));
        return _runner.RunAsync(request with { Program = program }, cancellationToken);
    }

    /// <summary>Writes an executable sh script as a program of the sandbox.</summary>
    public static void WriteProgram(string binDirectory, string name, string body)
    {
        Directory.CreateDirectory(binDirectory);
        var path = Path.Combine(binDirectory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }
}
