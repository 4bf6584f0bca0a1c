namespace PassthroughWeb.Core.Isolation;

/// <summary>What is wrong with a modprobe.d line.</summary>
public enum ModprobeFindingKind
{
    /// <summary>A line kmod rejects (a command without its module or arguments, an unknown command).</summary>
    SyntaxError,

    /// <summary>A file in modprobe.d whose name does not end in .conf: modprobe ignores it.</summary>
    NotConfFile,

    /// <summary>A file replaced by a file of the same name in a directory read first.</summary>
    ShadowedFile,

    /// <summary><c>options vfio-pci … kvm.ignore_msrs=1</c>: another module's parameter, which does nothing there.</summary>
    ForeignParameter,

    /// <summary><c>options vfio-pci vfio-pci.ids=…</c>: the kernel command line form, which modprobe.d does not understand.</summary>
    CommandLineSyntax,

    /// <summary>A parameter the module does not have (<c>diable_vga=1</c>): the kernel ignores it.</summary>
    UnknownParameter,

    /// <summary><c>options … #comment</c>: modprobe.d has no end-of-line comments, the words are passed as parameters.</summary>
    CommentInOptions,

    /// <summary>The same parameter given on several options lines: the kernel keeps only the last value.</summary>
    RepeatedParameter,

    /// <summary>The same command written twice.</summary>
    DuplicateLine,

    /// <summary>A second softdep for a module: kmod uses only the first one it reads.</summary>
    ShadowedSoftdep,

    /// <summary>Words of a softdep that kmod drops (<c>pre:vfio-pci</c> without a space).</summary>
    SoftdepWordsDropped,

    /// <summary>A softdep whose module name is a pattern (<c>nvidia-*</c>).</summary>
    SoftdepPattern,

    /// <summary>A module name no installed kernel has (a misspelling such as <c>xhci_hdc</c>).</summary>
    UnknownModule,

    /// <summary>An entry of <c>ids=</c> that is not <c>vendor:device</c> in hex.</summary>
    MalformedId,

    /// <summary>An ID in <c>ids=</c> that no device of the host has.</summary>
    IdMatchesNoDevice,

    /// <summary>An ID in <c>ids=</c> that is a device's subsystem ID (copied from lspci's "Subsystem:" line), not its own.</summary>
    IdIsSubsystemId,

    /// <summary>An ID in <c>ids=</c> that also matches a device the host keeps: vfio-pci takes it too.</summary>
    IdCapturesHostDevice,

    /// <summary><c>disable_vga=1</c> while no VGA device goes to vfio-pci: it does nothing.</summary>
    DisableVgaWithoutVga,

    /// <summary>A blacklisted driver the host needs (its disk, its network, its own display or sound).</summary>
    BlacklistsHostDriver,
}
