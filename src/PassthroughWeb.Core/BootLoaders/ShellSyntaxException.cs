namespace PassthroughWeb.Core.BootLoaders;

/// <summary>Raised inside <see cref="ShellScript"/> only, and turned into its <see cref="ShellScript.Problem"/> value.</summary>
internal sealed class ShellSyntaxException(string message) : Exception(message);
