using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Steps;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// The guest's command line: the host's running command line as the plan leaves it (the parameters it must lose
/// taken out, the ones it adds put in, replacing any of the same name), without what names the host's own disks and
/// console, and with the rehearsal's own: the serial console, quiet (so kernel messages do not cut the evidence
/// lines), a panic that ends the guest instead of waiting, and no_timer_check: under TCG on a busy machine the emulated
/// timer can miss the kernel's early check, which then panics with "timer doesn't work through Interrupt-remapped
/// IO-APIC" although the timer works (seen under load on the test machines).
/// </summary>
public static class RehearsalCommandLine
{
    /// <summary>What every rehearsal boots with, before the host's parameters.</summary>
    public static IReadOnlyList<string> RehearsalParameters { get; } = ["console=ttyS0", "quiet", "panic=-1", "rd.shell=0", "rd.emergency=poweroff", "no_timer_check"];

    // The host's root, resume and crypt devices do not exist in the guest (its init would wait for them), and the
    // console and panic settings are the rehearsal's.
    private static readonly string[] HostOnlyNames =
        ["BOOT_IMAGE", "initrd", "root", "rootflags", "rootfstype", "rootwait", "rootdelay", "ro", "rw", "resume", "resume_offset", "cryptdevice", "cryptkey",
         "console", "quiet", "no_timer_check", "splash", "panic", "init", "rd.shell", "rd.emergency", "rd.break", "rd.debug", "rdinit"];

    private static readonly string[] HostOnlyPrefixes = ["rd.luks", "rd.lvm", "rd.md", "rd.dm", "luks.", "rd.auto", "systemd."];

    public static string Build(string? hostCommandLine, StepExpectations? expectations, IReadOnlyList<string> extraParameters)
    {
        ArgumentNullException.ThrowIfNull(extraParameters);
        var kept = KernelCommandLine.Parse(hostCommandLine ?? "").Parameters
            .Where(p => !IsHostOnly(KernelCommandLine.NameOf(p)))
            .ToList();
        if (expectations is not null)
        {
            kept.RemoveAll(p => expectations.ForbiddenParameters.Any(f => Same(p, f)));
            foreach (var wanted in expectations.KernelParameters)
            {
                var name = KernelParameter.NormalizeName(KernelCommandLine.NameOf(wanted));
                kept.RemoveAll(p => KernelParameter.NormalizeName(KernelCommandLine.NameOf(p)) == name);
                kept.Add(wanted);
            }
        }
        return string.Join(' ', RehearsalParameters.Concat(kept).Concat(extraParameters));
    }

    private static bool IsHostOnly(string name) =>
        HostOnlyNames.Contains(name, StringComparer.Ordinal) || HostOnlyPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    private static bool Same(string parameter, string other) =>
        KernelParameter.NormalizeName(KernelCommandLine.NameOf(parameter)) == KernelParameter.NormalizeName(KernelCommandLine.NameOf(other))
        && parameter[KernelCommandLine.NameOf(parameter).Length..] == other[KernelCommandLine.NameOf(other).Length..];
}
