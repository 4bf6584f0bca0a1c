using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// booster (Arch): <c>booster build --force --config CONF --kernel-version KVER --modules-directory DIR OUT</c> with
/// the host's booster.yaml as the plan leaves it, and the planned modprobe.d mounted over /etc/modprobe.d (booster
/// copies its options lines). booster's init is a single program that runs no scripts, so a booster image cannot
/// carry the evidence script: the image is built (that much is proven) and the runner says the boot cannot be read.
/// booster is not packaged for Debian.
/// </summary>
public sealed class BoosterRehearsalImage : IRehearsalImageBuilder
{
    public const string BuildScript = """
        set -e
        conf=$1; k=$2; modules=$3; modprobe=$4; out=$5
        [ -d /etc/modprobe.d ] || mkdir -p /etc/modprobe.d
        mount --bind "$modprobe" /etc/modprobe.d
        booster build --force --config "$conf" --kernel-version "$k" --modules-directory "$modules" "$out"

        """;

    public InitramfsSystem System => InitramfsSystem.Booster;
    public string Program => "booster";

    public async Task<RehearsalImage> BuildAsync(RehearsalImageRequest request, ScratchDirectory scratch, ICommandRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scratch);
        ArgumentNullException.ThrowIfNull(runner);
        if (!await RehearsalOverlay.InstalledAsync(runner, Program, ["--help"], cancellationToken).ConfigureAwait(false))
            return RehearsalImage.Failed("booster is not installed here: it is an Arch Linux initramfs system and is not packaged for this distribution, so an image cannot be built with it on this machine.", programMissing: true);
        var conf = scratch.WriteFile("booster.yaml", RehearsalOverlay.File(request.Root, request.Plan, BoosterPlanner.Config) ?? "");
        var modprobe = RehearsalOverlay.Directory(scratch, request.Root, request.Plan, "/etc/modprobe.d", "modprobe.d");
        var script = scratch.WriteFile("build-booster.sh", BuildScript);
        const string image = "rehearsal.img";
        var result = await runner.RunAsync(new CommandRequest("unshare",
        [
            "-m", "sh", script, conf, request.Kernel.Version, request.Kernel.ModulesDirectory, modprobe, scratch.PathOf(image),
        ]) { Timeout = request.Timeout }, cancellationToken).ConfigureAwait(false);
        return RehearsalOverlay.Outcome(result, Program, scratch, image);
    }
}
