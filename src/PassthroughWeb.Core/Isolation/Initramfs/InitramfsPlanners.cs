namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>The planner of each initramfs system.</summary>
public static class InitramfsPlanners
{
    public static IInitramfsPlanner For(InitramfsSystem system) => system switch
    {
        InitramfsSystem.Mkinitcpio => new MkinitcpioPlanner(),
        InitramfsSystem.Dracut => new DracutPlanner(),
        InitramfsSystem.InitramfsTools => new InitramfsToolsPlanner(),
        InitramfsSystem.Booster => new BoosterPlanner(),
        _ => throw new ArgumentOutOfRangeException(nameof(system), system, "Not an initramfs system."),
    };

    /// <summary>
    /// The command that rebuilds the images, for a plan whose initramfs configuration is already right but whose
    /// modprobe.d files (copied into the image) change: the image must be rebuilt to carry them.
    /// </summary>
    public static IReadOnlyList<Changes.CommandStep> Regeneration(InitramfsSystem system, IReadOnlyList<InstalledKernel> kernels) => system switch
    {
        InitramfsSystem.Mkinitcpio => [new(new Host.CommandRequest("mkinitcpio", ["-P"]), "Rebuild the images of every preset so they carry the new modprobe.d configuration.")],
        InitramfsSystem.Dracut => [new(new Host.CommandRequest("dracut", ["--regenerate-all", "-f"]), "Rebuild the image of every installed kernel so it carries the new modprobe.d configuration.")],
        InitramfsSystem.InitramfsTools => [new(new Host.CommandRequest("update-initramfs", ["-u", "-k", "all"]), "Rebuild the image of every installed kernel so it carries the new modprobe.d configuration.")],
        InitramfsSystem.Booster => [.. kernels.Select(k => new Changes.CommandStep(
            new Host.CommandRequest("booster", ["build", "--force", "--kernel-version", k.Version, BoosterPlanner.ImagePath(k)]),
            $"Rebuild the image of {k.Version} so it carries the new modprobe.d configuration."))],
        _ => throw new ArgumentOutOfRangeException(nameof(system), system, "Not an initramfs system."),
    };
}
