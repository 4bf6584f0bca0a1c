namespace PassthroughWeb.Core.Host;

/// <summary>One line of a running program's output, without its line break.</summary>
public sealed record CommandOutputLine(CommandOutputStream Stream, string Text);
