using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// A built rehearsal image with everything needed to boot it, possibly several times with different QEMU settings.
/// Disposing removes its temporary directory (the image, the copies of the configuration, the console logs).
/// </summary>
public sealed class PreparedRehearsal : IDisposable
{
    internal PreparedRehearsal(ScratchDirectory scratch, RehearsalKernel kernel, InitramfsSystem system, RehearsalImage image,
        RehearsalExpectation expectation, string commandLine, CpuVendor cpuVendor, IReadOnlyList<EmulatedDisplay> displays, string? displayProblem)
    {
        Scratch = scratch;
        Kernel = kernel;
        System = system;
        Image = image;
        Expectation = expectation;
        CommandLine = commandLine;
        CpuVendor = cpuVendor;
        Displays = displays;
        DisplayProblem = displayProblem;
    }

    internal ScratchDirectory Scratch { get; }
    public RehearsalKernel Kernel { get; }
    public InitramfsSystem System { get; }
    public RehearsalImage Image { get; }
    public RehearsalExpectation Expectation { get; }

    /// <summary>The planned command line with the rehearsal's own parameters (boot options may append more).</summary>
    public string CommandLine { get; }

    public CpuVendor CpuVendor { get; }

    /// <summary>The host's display devices as QEMU will emulate them.</summary>
    public IReadOnlyList<EmulatedDisplay> Displays { get; }

    /// <summary>Why the chosen card cannot be stood in for, or null.</summary>
    public string? DisplayProblem { get; }

    /// <summary>The temporary directory, for tests that check it is gone.</summary>
    public string TemporaryDirectory => Scratch.Path;

    public void Dispose() => Scratch.Dispose();
}
