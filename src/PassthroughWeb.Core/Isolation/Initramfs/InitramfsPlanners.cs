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
}
