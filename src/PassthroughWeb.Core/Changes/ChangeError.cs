namespace PassthroughWeb.Core.Changes;

/// <summary>Why an apply or rollback did not happen or did not finish, in words a user can act on, with the evidence.</summary>
public sealed record ChangeError
{
    public required string Message { get; init; }

    /// <summary>One line per problem found (each file that changed since the plan, each unwritable directory …).</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>The host path of the file that could not be written or restored.</summary>
    public string? Path { get; init; }

    /// <summary>The command that failed, as a user would type it.</summary>
    public string? Command { get; init; }

    public int? ExitCode { get; init; }
    public string? StandardOutput { get; init; }
    public string? StandardError { get; init; }
}
