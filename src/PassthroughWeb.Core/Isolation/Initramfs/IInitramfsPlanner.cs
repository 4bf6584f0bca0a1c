namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>Turns the step-3 payload into the edits one initramfs system needs, against the files under a host root.</summary>
public interface IInitramfsPlanner
{
    InitramfsSystem System { get; }

    /// <summary>Plans minimal, idempotent edits: planning again on the result yields an empty plan.</summary>
    InitramfsPlan Plan(Host.HostRoot root, InitramfsPayload payload, IReadOnlyList<InstalledKernel> kernels);
}
