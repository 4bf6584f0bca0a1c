using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>Small text helpers the planners share: module names, file changes, the binding script.</summary>
internal static class InitramfsText
{
    public const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The kernel treats '-' and '_' in module names alike; mkinitcpio's trailing '?' marks a module optional.</summary>
    /// <summary>The refusal for a list the tool's shell would not read as one: a ( or quote never closed (the file is refused, an edit after it swallowed), or text glued to the closing ).</summary>
    public static InitramfsFinding Unreadable(string path, ShellAssignment assignment, string tool) =>
        new(InitramfsFindingSeverity.Blocking, path, assignment.Line, assignment.Misread is { } misread && !assignment.Unclosed
            ? $"{assignment.Name}= on line {assignment.Line} {misread}, so the shell {tool} sources it with does not read a list there (bash takes the value as one string, runs the rest as a command, or refuses the file). Fix it by hand, then plan again."
            : $"{assignment.Name}= on line {assignment.Line} opens {(assignment.Form == ShellValueForm.Array ? "a (" : "a quote")} that is never closed, so the shell {tool} sources it with refuses the file. Close it by hand, then plan again.");

    public static string NormalizeModule(string name) => name.TrimEnd('?').Replace('-', '_');

    public static bool IsVfioVirqfd(string module) => NormalizeModule(module) == "vfio_virqfd";

    /// <summary>A file change, or nothing when the content is already what the plan wants.</summary>
    public static void AddChange(List<FileChange> changes, string path, string? before, string after, string reason, UnixFileMode? mode = null)
    {
        if (before == after) return;
        changes.Add(new FileChange { Path = path, Before = before, After = after, Reason = reason, Mode = before is null ? mode : null });
    }

    public static string? Read(HostRoot root, string path)
    {
        try
        {
            return root.TryReadText(path);
        }
        catch (HostPathEscapesRootException)
        {
            return null;
        }
    }

    /// <summary>The binding script's commands without its shebang line, ready to embed in another script.</summary>
    public static string BindingBody(string script)
    {
        var body = script.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (body.StartsWith("#!", StringComparison.Ordinal))
        {
            var newline = body.IndexOf('\n', StringComparison.Ordinal);
            body = newline < 0 ? "" : body[(newline + 1)..];
        }
        return body.EndsWith('\n') ? body : body + "\n";
    }

    /// <summary>The binding script as a file of its own, with a POSIX sh shebang.</summary>
    public static string BindingFile(string script) => "#!/bin/sh\n" + BindingBody(script);

    public static ChangePlan EmptyOr(IReadOnlyList<FileChange> files, IReadOnlyList<CommandStep> commands, string summary, IReadOnlyList<string> notes) => new()
    {
        Steps = ["isolate"],
        Summary = files.Count == 0 ? "The initramfs configuration already loads vfio-pci first; nothing to change." : summary,
        Files = files,
        Commands = files.Count == 0 ? [] : commands,
        Notes = notes,
        NeedsReboot = files.Count > 0,
    };

    public static IReadOnlyList<string> DriversBeforeVfio(InitramfsPayload payload) =>
        [.. payload.GpuDrivers.Select(NormalizeModule).Distinct(StringComparer.Ordinal)];
}
