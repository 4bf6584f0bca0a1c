using Microsoft.AspNetCore.Components;
using MudBlazor;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Components.Steps;

/// <summary>Step 3's initramfs: the system that builds the images and why, its findings, what the images must hold, and the image check.</summary>
public partial class InitramfsView
{
    [Parameter] public InitramfsDetection? Detection { get; set; }

    [Parameter] public InitramfsPlan? Plan { get; set; }

    /// <summary>The check of the built images, once an apply has rebuilt them.</summary>
    [Parameter] public InitramfsInspection? Inspection { get; set; }

    /// <summary>How to list an image of the detected system by hand.</summary>
    private string? ListingTool => Detection?.Active?.System switch
    {
        InitramfsSystem.InitramfsTools => "lsinitramfs /boot/initrd.img-VERSION",
        InitramfsSystem.Dracut => "lsinitrd /boot/initramfs-VERSION.img",
        InitramfsSystem.Mkinitcpio => "lsinitcpio /boot/initramfs-linux.img",
        InitramfsSystem.Booster => "booster ls /boot/booster-linux.img",
        _ => null,
    };

    private static Severity SeverityOf(InitramfsFindingSeverity severity) => severity switch
    {
        InitramfsFindingSeverity.Blocking => Severity.Error,
        InitramfsFindingSeverity.Warning => Severity.Warning,
        _ => Severity.Info,
    };
}
