using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Import;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Tests.Services.Drift;

/// <summary>Changes to the guide's workstation tree that a person makes with a screwdriver, after steps were applied.</summary>
internal static class CardMoves
{
    /// <summary>
    /// Moves the RX 6600 from 07:00.x to the next slot down (08:00.x), same IDs and groups: its sysfs is written again,
    /// while /etc stays as the applied steps left it and the running command line stays what it was.
    /// </summary>
    public static void MoveGuestCardToSlot8(string hostRoot)
    {
        var cmdline = File.ReadAllText(Path.Combine(hostRoot, "proc/cmdline")).Trim();
        var hostName = File.ReadAllText(Path.Combine(hostRoot, "etc/hostname")).Trim();
        Directory.Delete(Path.Combine(hostRoot, "sys"), recursive: true);
        var spec = SampleWorkstation.Spec;
        HostTreeWriter.Write(new HostRoot(hostRoot), spec with
        {
            Listing = IommuListing.Parse(SampleWorkstation.ListingText.Replace("\t07:00.", "\t08:00.", StringComparison.Ordinal)),
            Drivers = spec.Drivers.Where(d => d.Key.Bus != 7).ToDictionary(),
            Files = new Dictionary<string, string>(),
            KernelCommandLine = cmdline,
            HostName = hostName,
        });
    }
}
