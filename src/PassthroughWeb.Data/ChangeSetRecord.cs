namespace PassthroughWeb.Data;

/// <summary>
/// One change set as the journal and the history keep it. The plan, the files (with their backups) and the command
/// runs are JSON columns: a set is always read and written whole, never queried by file or command, and updating one
/// row inside SQLite's transaction is what makes each journal step atomic and durable. The columns beside them are
/// what lists filter and sort by.
/// </summary>
public sealed class ChangeSetRecord
{
    public Guid Id { get; set; }

    /// <summary>The order sets were begun in (times can tie), for "oldest first" and "newest first".</summary>
    public long Sequence { get; set; }

    public required string HostName { get; set; }

    /// <summary>The steps, comma-separated as on the command line (<c>host,isolate</c>).</summary>
    public required string Steps { get; set; }

    public required string User { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The <c>ChangeSetState</c> by name.</summary>
    public required string State { get; set; }

    public required string RootPath { get; set; }

    /// <summary>The <c>ChangePlan</c>: every file's content before and after, the commands, the notes.</summary>
    public required string PlanJson { get; set; }

    /// <summary>The <c>ChangedFile</c> list: backups, modes, owners, and which are written.</summary>
    public required string FilesJson { get; set; }

    /// <summary>The <c>CommandRun</c> list, in the order they ran, with exit codes and output.</summary>
    public required string CommandsJson { get; set; }

    public string? ErrorJson { get; set; }

    /// <summary>The host's boot id when the set was applied; a different id now means the host has rebooted since.</summary>
    public string? BootId { get; set; }

    /// <summary>What the verification after the reboot checks (<c>StepExpectations</c>).</summary>
    public string? ExpectationsJson { get; set; }

    public DateTimeOffset? VerifiedAt { get; set; }
    public bool? VerificationPassed { get; set; }

    /// <summary>The last <c>StepVerification</c>.</summary>
    public string? VerificationJson { get; set; }
}
