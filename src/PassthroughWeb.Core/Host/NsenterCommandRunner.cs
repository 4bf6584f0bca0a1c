namespace PassthroughWeb.Core.Host;

/// <summary>
/// Runs programs in the host's namespaces from inside a privileged container (<c>pid: host</c>):
/// <c>nsenter --target 1 --mount --uts --ipc --net --pid -- PROGRAM ARGS…</c>, still as an argument list.
/// </summary>
public sealed class NsenterCommandRunner(ICommandRunner inner) : ICommandRunner
{
    public static IReadOnlyList<string> Prefix { get; } = ["--target", "1", "--mount", "--uts", "--ipc", "--net", "--pid", "--"];

    public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken) =>
        inner.RunAsync(Wrap(request), cancellationToken);

    public static CommandRequest Wrap(CommandRequest request) =>
        request with { Program = "nsenter", Arguments = [.. Prefix, request.Program, .. request.Arguments] };
}
