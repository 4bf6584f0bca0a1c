using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// dracut: <c>dracut --confdir --conf --kmoddir --kver</c> with copies of the host's dracut.conf and dracut.conf.d
/// carrying the plan, and the rehearsal's evidence module added with <c>--add</c>. dracut finds its modules only in
/// /usr/lib/dracut/modules.d, so a copy of this machine's modules with the planned module (vfio-bind) and the evidence
/// module is mounted there, and the planned modprobe.d over /etc/modprobe.d, in a private mount namespace.
/// </summary>
public sealed class DracutRehearsalImage : IRehearsalImageBuilder
{
    public const string ModulesDirectory = "/usr/lib/dracut/modules.d";

    public const string BuildScript = """
        set -e
        modulesd=$1; modprobe=$2; confdir=$3; conf=$4; kmoddir=$5; k=$6; out=$7
        [ -d /etc/modprobe.d ] || mkdir -p /etc/modprobe.d
        mount --bind "$modulesd" /usr/lib/dracut/modules.d
        mount --bind "$modprobe" /etc/modprobe.d
        dracut -q --force --no-hostonly-cmdline --confdir "$confdir" --conf "$conf" --kmoddir "$kmoddir" --kver "$k" --add pw-rehearsal "$out"

        """;

    public InitramfsSystem System => InitramfsSystem.Dracut;
    public string Program => "dracut";

    public async Task<RehearsalImage> BuildAsync(RehearsalImageRequest request, ScratchDirectory scratch, ICommandRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scratch);
        ArgumentNullException.ThrowIfNull(runner);
        if (!await RehearsalOverlay.InstalledAsync(runner, Program, ["--version"], cancellationToken).ConfigureAwait(false))
            return RehearsalImage.Failed("dracut is not installed here (apt-get install dracut-core).", programMissing: true);
        // This machine's dracut modules (the program that runs), then the host's own and the planned ones over them.
        if (!scratch.CopyFromHost(HostRoot.Default, ModulesDirectory, "dracut-modules"))
            return RehearsalImage.Failed($"{ModulesDirectory} is missing: dracut's modules are not installed here.", programMissing: true);
        var modules = RehearsalOverlay.Directory(scratch, request.Root, request.Plan, ModulesDirectory, "dracut-modules");
        scratch.WriteFile($"dracut-modules/{EvidenceScript.DracutModule}/module-setup.sh", EvidenceScript.DracutModuleSetup, RehearsalOverlay.Executable);
        scratch.WriteFile($"dracut-modules/{EvidenceScript.DracutModule}/pw-rehearsal-cmdline.sh", EvidenceScript.DracutCmdlineHook, RehearsalOverlay.Executable);
        scratch.WriteFile($"dracut-modules/{EvidenceScript.DracutModule}/pw-rehearsal-evidence.sh", EvidenceScript.ForDracut(), RehearsalOverlay.Executable);

        var confdir = RehearsalOverlay.Directory(scratch, request.Root, request.Plan, DracutPlanner.DropInDirectory, "dracut.conf.d");
        var conf = scratch.WriteFile("dracut.conf", RehearsalOverlay.File(request.Root, request.Plan, DracutPlanner.MainConfig) ?? "");
        var modprobe = RehearsalOverlay.Directory(scratch, request.Root, request.Plan, "/etc/modprobe.d", "modprobe.d");
        var script = scratch.WriteFile("build-dracut.sh", BuildScript);
        const string image = "rehearsal.img";
        var result = await runner.RunAsync(new CommandRequest("unshare",
        [
            "-m", "sh", script, modules, modprobe, confdir, conf, request.Kernel.ModulesDirectory, request.Kernel.Version, scratch.PathOf(image),
        ]) { Timeout = request.Timeout }, cancellationToken).ConfigureAwait(false);
        return RehearsalOverlay.Outcome(result, Program, scratch, image);
    }
}
