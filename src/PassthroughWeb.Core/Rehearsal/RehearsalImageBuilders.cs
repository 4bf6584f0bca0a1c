using PassthroughWeb.Core.Isolation.Initramfs;

namespace PassthroughWeb.Core.Rehearsal;

/// <summary>The rehearsal image builder of each initramfs system.</summary>
public static class RehearsalImageBuilders
{
    public static IRehearsalImageBuilder For(InitramfsSystem system) => system switch
    {
        InitramfsSystem.InitramfsTools => new InitramfsToolsRehearsalImage(),
        InitramfsSystem.Dracut => new DracutRehearsalImage(),
        InitramfsSystem.Mkinitcpio => new MkinitcpioRehearsalImage(),
        InitramfsSystem.Booster => new BoosterRehearsalImage(),
        _ => throw new ArgumentOutOfRangeException(nameof(system), system, "Not an initramfs system."),
    };
}
