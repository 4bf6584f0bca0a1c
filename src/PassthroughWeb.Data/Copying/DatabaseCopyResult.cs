namespace PassthroughWeb.Data.Copying;

/// <summary>
/// What <see cref="DatabaseCopy.CopyAsync"/> did: the tables copied (every table of the model, in the order they were
/// written, empty ones included) or why nothing was written, in words for the person who ran it.
/// </summary>
public sealed record DatabaseCopyResult(DatabaseCopyOutcome Outcome, string Message, IReadOnlyList<CopiedTable> Tables)
{
    public bool Succeeded => Outcome == DatabaseCopyOutcome.Copied;

    public static DatabaseCopyResult Refused(DatabaseCopyOutcome outcome, string message) => new(outcome, message, []);
}
