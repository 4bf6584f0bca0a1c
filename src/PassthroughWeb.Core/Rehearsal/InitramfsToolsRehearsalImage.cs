using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// initramfs-tools: <c>mkinitramfs -d CONFDIR -o OUT KVER</c> with CONFDIR a copy of the host's /etc/initramfs-tools
/// carrying the plan and the evidence script. mkinitramfs hard-codes /lib/modules/KVER, reads /boot/config-KVER and
/// copies /etc/modprobe.d: a fixed script, run in a private mount namespace (<c>unshare -m</c>), mounts the host's
/// module tree, a tmpfs /boot with the kernel's config and the planned modprobe.d over those paths. The values reach
/// the script as arguments, never as shell text.
/// </summary>
public sealed class InitramfsToolsRehearsalImage : IRehearsalImageBuilder
{
    public const string BuildScript = """
        set -e
        modules=$1; config=$2; k=$3; confdir=$4; modprobe=$5; out=$6
        [ -d /lib/modules ] || mkdir -p /lib/modules
        [ -d /etc/modprobe.d ] || mkdir -p /etc/modprobe.d
        mount -t tmpfs tmpfs /lib/modules
        mkdir "/lib/modules/$k"
        mount --bind "$modules" "/lib/modules/$k"
        mount -t tmpfs tmpfs /boot
        cp "$config" "/boot/config-$k"
        mount --bind "$modprobe" /etc/modprobe.d
        mkinitramfs -d "$confdir" -o "$out" "$k"

        """;

    public InitramfsSystem System => InitramfsSystem.InitramfsTools;
    public string Program => "mkinitramfs";

    public async Task<RehearsalImage> BuildAsync(RehearsalImageRequest request, ScratchDirectory scratch, ICommandRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scratch);
        ArgumentNullException.ThrowIfNull(runner);
        if (!await RehearsalOverlay.InstalledAsync(runner, Program, ["--help"], cancellationToken).ConfigureAwait(false))
            return RehearsalImage.Failed("mkinitramfs is not installed here (apt-get install initramfs-tools-core).", programMissing: true);
        var confdir = RehearsalOverlay.Directory(scratch, request.Root, request.Plan, InitramfsToolsPlanner.ConfigDirectory, "initramfs-tools");
        if (!scratch.Exists("initramfs-tools/initramfs.conf"))
            return RehearsalImage.Failed("The host has no /etc/initramfs-tools/initramfs.conf: mkinitramfs has no configuration to build with.");
        scratch.WriteFile("initramfs-tools/" + EvidenceScript.InitramfsToolsScript, EvidenceScript.ForInitramfsTools(), RehearsalOverlay.Executable);
        var modprobe = RehearsalOverlay.Directory(scratch, request.Root, request.Plan, "/etc/modprobe.d", "modprobe.d");
        var script = scratch.WriteFile("build-initramfs-tools.sh", BuildScript);
        const string image = "rehearsal.img";
        var result = await runner.RunAsync(new CommandRequest("unshare",
        [
            "-m", "sh", script, request.Kernel.ModulesDirectory, request.Kernel.Config, request.Kernel.Version, confdir, modprobe, scratch.PathOf(image),
        ]) { Timeout = request.Timeout }, cancellationToken).ConfigureAwait(false);
        return RehearsalOverlay.Outcome(result, Program, scratch, image);
    }
}
