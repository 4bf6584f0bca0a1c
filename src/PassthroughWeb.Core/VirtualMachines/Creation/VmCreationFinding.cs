namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>Something the planner found while planning a new VM, in plain words, with what to do about it.</summary>
public sealed record VmCreationFinding
{
    public required FindingSeverity Severity { get; init; }

    /// <summary>What the finding is about: name, iso, cpus, memory, disk, pool, network, firmware, tpm, gpu, libvirt, accelerator.</summary>
    public required string Subject { get; init; }

    public required string Message { get; init; }

    /// <summary>The fix, when there is one (a command, a choice to change).</summary>
    public string? WhatToDo { get; init; }

    public override string ToString() => WhatToDo is null ? Message : $"{Message} {WhatToDo}";
}
