namespace PassthroughWeb.Core.Checklist;

/// <summary>The newest change set that covers a step, by how it stands (a rolled-back set counts as none).</summary>
public enum StepChangeFact
{
    None,

    /// <summary>Being applied or rolled back now.</summary>
    Running,

    Applied,

    /// <summary>It failed (its files were put back) or was interrupted.</summary>
    Failed,
}
