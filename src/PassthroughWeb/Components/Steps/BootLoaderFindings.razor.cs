using Microsoft.AspNetCore.Components;
using PassthroughWeb.Core.BootLoaders;

namespace PassthroughWeb.Components.Steps;

/// <summary>What step 2 found: the boot loader and the evidence for it, the files holding the command line, and the booted one.</summary>
public partial class BootLoaderFindings
{
    [Parameter, EditorRequired] public required BootLoaderDetection Detection { get; set; }

    /// <summary>Nothing was recognised: show the evidence (what was looked at) open.</summary>
    private bool OpenEvidence => Detection.Kind == BootLoaderKind.Unknown;
}
