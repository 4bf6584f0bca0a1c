using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// mkinitcpio (Arch): <c>mkinitcpio -c CONF -k KVER -g OUT</c>. CONF is the host's mkinitcpio.conf followed by its
/// drop-ins in name order (they are sourced in that order), as the plan leaves them, plus the rehearsal's own hook
/// at the end of HOOKS. Hooks and the binding script are read from /etc/initcpio and the modules from /lib/modules:
/// the planned copies are mounted there in a private mount namespace. mkinitcpio is not packaged for Debian.
/// </summary>
public sealed class MkinitcpioRehearsalImage : IRehearsalImageBuilder
{
    public const string BuildScript = """
        set -e
        modules=$1; k=$2; initcpio=$3; modprobe=$4; conf=$5; out=$6
        [ -d /lib/modules ] || mkdir -p /lib/modules
        [ -d /etc/initcpio ] || mkdir -p /etc/initcpio
        [ -d /etc/modprobe.d ] || mkdir -p /etc/modprobe.d
        mount -t tmpfs tmpfs /lib/modules
        mkdir "/lib/modules/$k"
        mount --bind "$modules" "/lib/modules/$k"
        mount --bind "$initcpio" /etc/initcpio
        mount --bind "$modprobe" /etc/modprobe.d
        mkinitcpio -c "$conf" -k "$k" -g "$out"

        """;

    public InitramfsSystem System => InitramfsSystem.Mkinitcpio;
    public string Program => "mkinitcpio";

    public async Task<RehearsalImage> BuildAsync(RehearsalImageRequest request, ScratchDirectory scratch, ICommandRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scratch);
        ArgumentNullException.ThrowIfNull(runner);
        if (!await RehearsalOverlay.InstalledAsync(runner, Program, ["--version"], cancellationToken).ConfigureAwait(false))
            return RehearsalImage.Failed("mkinitcpio is not installed here: it is Arch Linux's initramfs system and is not packaged for this distribution, so an image cannot be built with it on this machine.", programMissing: true);
        var main = RehearsalOverlay.File(request.Root, request.Plan, MkinitcpioPlanner.MainConfig);
        if (main is null) return RehearsalImage.Failed("The host has no /etc/mkinitcpio.conf.");
        var conf = new System.Text.StringBuilder(main);
        var dropIns = request.Root.ListNames(MkinitcpioPlanner.DropInDirectory).Select(n => MkinitcpioPlanner.DropInDirectory + "/" + n)
            .Concat(request.Plan.Files.Select(f => f.Path).Where(p => p.StartsWith(MkinitcpioPlanner.DropInDirectory + "/", StringComparison.Ordinal)))
            .Where(p => p.EndsWith(".conf", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var dropIn in dropIns)
            conf.Append("\n# ").Append(dropIn).Append('\n').Append(RehearsalOverlay.File(request.Root, request.Plan, dropIn) ?? "");
        conf.Append("\n# PassthroughWeb rehearsal only: report and power off once udev has settled.\nHOOKS+=(").Append(EvidenceScript.MkinitcpioHook).Append(")\n");
        var confPath = scratch.WriteFile("mkinitcpio.conf", conf.ToString());

        var initcpio = RehearsalOverlay.Directory(scratch, request.Root, request.Plan, "/etc/initcpio", "initcpio");
        scratch.WriteFile("initcpio/hooks/" + EvidenceScript.MkinitcpioHook, EvidenceScript.ForMkinitcpioRuntime());
        scratch.WriteFile("initcpio/install/" + EvidenceScript.MkinitcpioHook, EvidenceScript.MkinitcpioInstall);
        var modprobe = RehearsalOverlay.Directory(scratch, request.Root, request.Plan, "/etc/modprobe.d", "modprobe.d");
        var script = scratch.WriteFile("build-mkinitcpio.sh", BuildScript);
        const string image = "rehearsal.img";
        var result = await runner.RunAsync(new CommandRequest("unshare",
        [
            "-m", "sh", script, request.Kernel.ModulesDirectory, request.Kernel.Version, initcpio, modprobe, confPath, scratch.PathOf(image),
        ]) { Timeout = request.Timeout }, cancellationToken).ConfigureAwait(false);
        return RehearsalOverlay.Outcome(result, Program, scratch, image);
    }
}
