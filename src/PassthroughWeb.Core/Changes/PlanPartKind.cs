namespace PassthroughWeb.Core.Changes;

/// <summary>
/// What a part of a <see cref="PlanIdentity"/> stands for. A file and a domain each give two parts, what the host
/// holds and what the plan writes, so that a stale plan can say which of the two moved.
/// </summary>
public enum PlanPartKind
{
    /// <summary>A file's content on the host when planned (or its absence).</summary>
    FileBefore,

    /// <summary>The content (and mode, for a new file) the plan writes to a file.</summary>
    FileAfter,

    /// <summary>A libvirt domain's inactive definition when planned (or its absence).</summary>
    DomainBefore,

    /// <summary>The definition, connection and new disk volume the plan gives a domain.</summary>
    DomainAfter,

    /// <summary>A program and its arguments the plan runs.</summary>
    Command,

    /// <summary>An option the caller planned with, beyond what the plan itself shows.</summary>
    Input,
}
