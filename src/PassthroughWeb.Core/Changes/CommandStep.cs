using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Changes;

/// <summary>A program a plan runs after writing its files (regenerate grub.cfg, rebuild the initramfs …), and why.</summary>
public sealed record CommandStep(CommandRequest Command, string Reason);
