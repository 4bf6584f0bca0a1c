namespace PassthroughWeb.Cli;

/// <summary>Every exit code the executable returns. Scripts depend on these numbers: never renumber one.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A bug: an exception nobody expected. The stack trace is on stderr.</summary>
    public const int InternalError = 1;

    /// <summary>The command line could not be parsed (unknown verb or option, missing value).</summary>
    public const int UsageError = 2;

    /// <summary>The host root given with <c>--root</c> does not exist or is not a directory.</summary>
    public const int RootNotFound = 3;

    /// <summary>The data directory or its database could not be created, opened or written.</summary>
    public const int DataDirectoryUnusable = 4;

    /// <summary>The web app stopped with an error (for example its address is already in use).</summary>
    public const int ServeFailed = 5;

    /// <summary>
    /// Ctrl+C (SIGINT) came and the verb did not stop within System.CommandLine's grace period (128 + 2, as shells
    /// report it). A verb that stops in time returns its own code: <c>serve</c> stops cleanly with 0.
    /// </summary>
    public const int Interrupted = 130;

    /// <summary>The same for SIGTERM (128 + 15), what <c>docker stop</c> sends.</summary>
    public const int Terminated = 143;
}
