using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// The host's configuration as the plan would leave it, in the rehearsal's temporary directory: a copy of each
/// directory or file an image builder reads, with the planned files written over the copy. The host is only read.
/// </summary>
internal static class RehearsalOverlay
{
    public const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Copies a host directory and lays the plan's files under it over the copy; returns the copy's path on this machine.</summary>
    public static string Directory(ScratchDirectory scratch, HostRoot root, ChangePlan plan, string hostDirectory, string relative)
    {
        scratch.CopyFromHost(root, hostDirectory, relative);
        scratch.CreateDirectory(relative);
        var prefix = hostDirectory.TrimEnd('/') + "/";
        foreach (var file in plan.Files.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal)))
            scratch.WriteFile(relative + "/" + file.Path[prefix.Length..], file.After, file.Mode);
        return scratch.PathOf(relative);
    }

    /// <summary>The text of a host file as the plan would leave it, or null when it neither exists nor is planned.</summary>
    public static string? File(HostRoot root, ChangePlan plan, string hostPath)
    {
        var planned = plan.Files.LastOrDefault(f => f.Path == hostPath);
        if (planned is not null) return planned.After;
        try
        {
            return root.TryReadText(hostPath);
        }
        catch (HostPathEscapesRootException)
        {
            return null;
        }
    }

    /// <summary>Whether a program can be started here: a run that could not start means it is not installed.</summary>
    public static async Task<bool> InstalledAsync(ICommandRunner runner, string program, IReadOnlyList<string> probeArguments, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new CommandRequest(program, probeArguments) { Timeout = TimeSpan.FromSeconds(30) }, cancellationToken).ConfigureAwait(false);
        return result.Started;
    }

    public static string Log(CommandResult result) =>
        (result.StandardOutput + (result.StandardOutput.Length > 0 && result.StandardError.Length > 0 ? "\n" : "") + result.StandardError).Trim();

    public static RehearsalImage Outcome(CommandResult result, string program, ScratchDirectory scratch, string image)
    {
        var log = Log(result);
        if (!result.Started) return RehearsalImage.Failed($"{program} could not be started: {result.StandardError.Trim()}", log, programMissing: true);
        if (result.TimedOut) return RehearsalImage.Failed($"{program} did not finish in time and was stopped.", log);
        // A failed mkinitramfs leaves a 0-byte image behind: the exit code is what counts, then the size.
        if (result.ExitCode != 0) return RehearsalImage.Failed($"{program} failed with exit code {result.ExitCode}: {LastLines(log)}", log);
        if (scratch.LengthOf(image) is not > 0) return RehearsalImage.Failed($"{program} reported success but wrote no image.", log);
        return new RehearsalImage { Built = true, Path = scratch.PathOf(image), Log = log };
    }

    private static string LastLines(string log)
    {
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" / ", lines.TakeLast(3).Select(l => l.Trim()));
    }
}
