namespace PassthroughWeb.Components.Steps.Changes;

/// <summary>What a line of a unified diff is, which decides its colour.</summary>
public enum DiffLineKind
{
    /// <summary>The <c>---</c> / <c>+++</c> labels of a file.</summary>
    FileHeader,

    /// <summary>An <c>@@ -a,b +c,d @@</c> hunk header.</summary>
    Hunk,

    Context,
    Added,
    Removed,

    /// <summary><c>\ No newline at end of file</c>.</summary>
    Note,
}
