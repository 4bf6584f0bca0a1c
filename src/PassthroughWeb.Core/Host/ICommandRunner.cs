namespace PassthroughWeb.Core.Host;

/// <summary>The one way the engine runs programs on the host.</summary>
public interface ICommandRunner
{
    Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken);
}
