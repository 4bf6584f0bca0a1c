using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// Builds a rehearsal image with the host's own initramfs system, into the rehearsal's temporary directory: the host's
/// configuration is copied, the planned files laid over the copies, the evidence script added; the host's /boot and
/// /etc are never written (what the program insists on reading from fixed paths is replaced by mounts that only a
/// private mount namespace sees).
/// </summary>
public interface IRehearsalImageBuilder
{
    InitramfsSystem System { get; }

    /// <summary>The program that builds the images (mkinitramfs, dracut, mkinitcpio, booster).</summary>
    string Program { get; }

    Task<RehearsalImage> BuildAsync(RehearsalImageRequest request, ScratchDirectory scratch, ICommandRunner runner, CancellationToken cancellationToken);
}
