using System.Globalization;
using System.Text.RegularExpressions;

namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>
/// Tells the architecture of an NVIDIA display function from its device ID. The ranges are where pci.ids (2023.04,
/// Debian 12's hwdata) puts each chip family's display functions: every name there starts with its chip ("GF108
/// [GeForce GT 430]", "GK104 [GeForce GTX 680]"), and the tests check each range against that file. Blackwell
/// (0x29xx–0x2fxx: GB202 [GeForce RTX 5090] is 2b85) is newer than that file. Where neither the ID nor the name tells,
/// the answer is null: we say so rather than guess.
/// </summary>
public static partial class NvidiaGenerations
{
    public static NvidiaGeneration TeslaOrOlder { get; } = new()
    {
        Name = "Tesla or older", ChipPrefixes = ["NV", "G", "GT"],
        Cards = "GeForce 9, 200 and 300 series and everything older",
        LastWindowsDriver = "342.01 (Tesla; older cards stop earlier still)", HasDriverFrom465 = false,
    };

    public static NvidiaGeneration Fermi { get; } = new()
    {
        Name = "Fermi", ChipPrefixes = ["GF"],
        Cards = "GeForce 400 and 500 series, and some 600/700/800M models",
        LastWindowsDriver = "391.35 (the R390 branch)", HasDriverFrom465 = false,
    };

    public static NvidiaGeneration Kepler { get; } = new()
    {
        Name = "Kepler", ChipPrefixes = ["GK"],
        Cards = "most GeForce 600 and 700 series, GTX Titan/Titan Black",
        LastWindowsDriver = "474.xx (the R470 branch)", HasDriverFrom465 = true,
    };

    public static NvidiaGeneration Maxwell { get; } = new()
    {
        Name = "Maxwell", ChipPrefixes = ["GM"],
        Cards = "GeForce GTX 750/750 Ti, 900 series, GTX Titan X", LastWindowsDriver = "the 580 branch", HasDriverFrom465 = true,
    };

    public static NvidiaGeneration Pascal { get; } = new()
    {
        Name = "Pascal", ChipPrefixes = ["GP"],
        Cards = "GeForce 10 series, Quadro P", LastWindowsDriver = "the 580 branch", HasDriverFrom465 = true,
    };

    public static NvidiaGeneration Volta { get; } = new()
    {
        Name = "Volta", ChipPrefixes = ["GV"],
        Cards = "Titan V, Quadro GV100, Tesla V100", LastWindowsDriver = "the 580 branch", HasDriverFrom465 = true,
    };

    public static NvidiaGeneration Turing { get; } = new()
    {
        Name = "Turing", ChipPrefixes = ["TU"],
        Cards = "GeForce 16 and 20 series, Quadro RTX", LastWindowsDriver = "current drivers", HasDriverFrom465 = true,
    };

    public static NvidiaGeneration Ampere { get; } = new()
    {
        Name = "Ampere", ChipPrefixes = ["GA"],
        Cards = "GeForce 30 series, RTX A series, A100", LastWindowsDriver = "current drivers", HasDriverFrom465 = true,
    };

    public static NvidiaGeneration Hopper { get; } = new()
    {
        Name = "Hopper", ChipPrefixes = ["GH"],
        Cards = "H100 (a compute card with no display outputs)", LastWindowsDriver = "current drivers", HasDriverFrom465 = true,
    };

    public static NvidiaGeneration Ada { get; } = new()
    {
        Name = "Ada Lovelace", ChipPrefixes = ["AD"],
        Cards = "GeForce 40 series, RTX Ada", LastWindowsDriver = "current drivers", HasDriverFrom465 = true,
    };

    public static NvidiaGeneration Blackwell { get; } = new()
    {
        Name = "Blackwell", ChipPrefixes = ["GB"],
        Cards = "GeForce 50 series, RTX PRO Blackwell, B100/B200", LastWindowsDriver = "current drivers", HasDriverFrom465 = true,
    };

    public static IReadOnlyList<NvidiaGeneration> All { get; } =
        [TeslaOrOlder, Fermi, Kepler, Maxwell, Pascal, Volta, Turing, Ampere, Hopper, Ada, Blackwell];

    /// <summary>Display-function ID ranges, inclusive. Gaps hold audio/USB functions or nothing: those IDs are not judged.</summary>
    internal static IReadOnlyList<(int First, int Last, NvidiaGeneration Generation)> Ranges { get; } =
    [
        (0x0000, 0x06bf, TeslaOrOlder),
        (0x06c0, 0x06df, Fermi),            // GF100
        (0x06e0, 0x06ff, TeslaOrOlder),     // G98
        (0x0a20, 0x0a7f, TeslaOrOlder),     // GT216, GT218
        (0x0ca0, 0x0cbf, TeslaOrOlder),     // GT215
        (0x0dc0, 0x0dff, Fermi),            // GF106, GF108
        (0x0e22, 0x0e3f, Fermi),            // GF104
        (0x0f00, 0x0f0f, Fermi),            // GF108
        (0x0fc0, 0x0fff, Kepler),           // GK107
        (0x1000, 0x103f, Kepler),           // GK110, GK180, GK210
        (0x1040, 0x109f, Fermi),            // GF119, GF110
        (0x10c0, 0x10df, TeslaOrOlder),     // GT218
        (0x1140, 0x117f, Fermi),            // GF117
        (0x1180, 0x11ff, Kepler),           // GK104, GK106
        (0x1200, 0x127f, Fermi),            // GF114, GF116
        (0x1280, 0x12bf, Kepler),           // GK208
        (0x1340, 0x13ff, Maxwell),          // GM108, GM107, GM204
        (0x1400, 0x143f, Maxwell),          // GM206
        (0x15f0, 0x15ff, Pascal),           // GP100
        (0x1617, 0x167f, Maxwell),          // GM204M
        (0x1720, 0x172f, Pascal),           // GP100
        (0x174d, 0x17ff, Maxwell),          // GM108M, GM107, GM200
        (0x1b00, 0x1d7f, Pascal),           // GP102, GP104, GP106, GP107, GP108
        (0x1d80, 0x1dff, Volta),            // GV100
        (0x1e00, 0x1fff, Turing),           // TU102, TU104, TU106, TU117
        (0x2080, 0x20ff, Ampere),           // GA100
        (0x2180, 0x21ff, Turing),           // TU116
        (0x2200, 0x22ff, Ampere),           // GA102
        (0x2300, 0x233f, Hopper),           // GH100
        (0x2400, 0x25ff, Ampere),           // GA103, GA104, GA106, GA107
        (0x2680, 0x28ff, Ada),              // AD102 … AD107
        (0x2900, 0x2fff, Blackwell),        // GB100, GB202 … GB207
    ];

    /// <summary>The generation of an NVIDIA display function by its device ID (4 hex digits), or null when no range holds it.</summary>
    public static NvidiaGeneration? FromDeviceId(string deviceId)
    {
        if (!int.TryParse(deviceId, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id)) return null;
        foreach (var (first, last, generation) in Ranges)
        {
            if (id >= first && id <= last) return generation;
        }
        return null;
    }

    /// <summary>The generation from the chip at the start of a pci.ids device name ("GK104 [GeForce GTX 680]"), or null.</summary>
    public static NvidiaGeneration? FromChipName(string? deviceName)
    {
        if (deviceName is null) return null;
        var match = ChipPattern().Match(deviceName);
        if (!match.Success) return null;
        var letters = match.Groups["letters"].Value;
        return All.FirstOrDefault(g => g.ChipPrefixes.Contains(letters, StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^(?<letters>[A-Z]{1,2})\d{1,3}[A-Za-z]*\b", RegexOptions.CultureInvariant)]
    private static partial Regex ChipPattern();
}
