namespace PassthroughWeb.Core.Checklist;

/// <summary>Whether an applied change set of a step is checked on the running host after its reboot.</summary>
public enum StepVerificationFact
{
    /// <summary>The step has nothing to verify (a VM definition, the guest drivers).</summary>
    NotNeeded,

    /// <summary>It will be verified after the reboot, and has not been.</summary>
    Pending,

    Passed,

    Failed,
}
