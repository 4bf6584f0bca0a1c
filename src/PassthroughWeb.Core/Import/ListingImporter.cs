using System.Globalization;
using System.Text.RegularExpressions;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Import;

/// <summary>
/// Turns a listing a user pasted or uploaded (the guide's loop, <c>lspci -nnk</c> or <c>lspci -nn</c>) into the report of
/// a host nobody can scan from here, judged by the scanner's own <see cref="GpuAssessor"/>. It judges only what the listing
/// shows: without IOMMU groups every card's verdict is <see cref="GpuVerdict.Unknown"/>, never a guess.
/// </summary>
public static partial class ListingImporter
{
    /// <summary>The root an imported report names: no directory, so nothing can ever be read or written for it.</summary>
    public const string ImportedRoot = "(imported listing)";

    /// <summary>A listing of a 500-device server is under 100 KB; anything past this is not one.</summary>
    public const int MaxCharacters = 1024 * 1024;

    private const string NotAListing =
        "The text is not a device listing: no line reads like lspci -nn output, e.g. " +
        "'07:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [1002:73ff] (rev c7)'. " +
        "Paste the output of the guide's IOMMU group loop, of lspci -nnk or of lspci -nn.";

    /// <summary>Reads <paramref name="text"/> as the listing of <paramref name="hostName"/>; a refusal says why in words a user can act on.</summary>
    public static ListingImportResult Import(string text, string hostName, DateTimeOffset importedAt, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(hostName);
        if (CheckHostName(hostName) is { } badName) return ListingImportResult.Refused(badName);
        if (text.Length > MaxCharacters)
            return ListingImportResult.Refused(string.Create(CultureInfo.InvariantCulture,
                $"The text is {text.Length:N0} characters long; a listing is far shorter (the limit is {MaxCharacters:N0}). Import the output of one command."));
        if (string.IsNullOrWhiteSpace(text)) return ListingImportResult.Refused("The listing is empty: paste or upload the output of the guide's IOMMU group loop, lspci -nnk or lspci -nn.");
        if (LooksBinary(text)) return ListingImportResult.Refused("The text holds binary data (NUL or other control bytes): it is not the text output of lspci or of the guide's loop.");

        var listing = IommuListing.Parse(text);
        if (listing.Entries.Count == 0) return ListingImportResult.Refused(NotAListing);
        var readable = listing.Entries.Where(e => e.HasIds).ToList();
        if (readable.Count == 0)
            return ListingImportResult.Refused("No device line of the listing shows a whole [vendor:device] ID: the lines are cut off. Copy the command's output again, whole.");

        return ListingImportResult.Imported(Build(listing, readable, hostName, importedAt, sourceName));
    }

    /// <summary>Why <paramref name="hostName"/> cannot name an imported host, or null when it can.</summary>
    public static string? CheckHostName(string hostName) =>
        HostNamePattern().IsMatch(hostName)
            ? null
            : $"'{hostName}' is not a host name: use 1 to 63 letters, digits, dots, dashes or underscores, starting with a letter or digit (e.g. gpu-node-017).";

    /// <summary>The format a listing is in: groups decide first, then whether any device shows its driver.</summary>
    public static ListingFormat FormatOf(IommuListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        if (listing.HasGroups) return ListingFormat.IommuGroups;
        return listing.Entries.Any(e => e.Driver is not null || e.KernelModules.Count > 0) ? ListingFormat.LspciNnk : ListingFormat.LspciNn;
    }

    private static ScanReport Build(IommuListing listing, List<IommuListingEntry> readable, string hostName, DateTimeOffset importedAt, string? sourceName)
    {
        var format = FormatOf(listing);
        var hasDrivers = readable.Any(e => e.Driver is not null);
        var devices = readable.Select(ToDevice).OrderBy(d => d.Address).ToList();
        var groups = devices.Where(d => d.IommuGroup is not null)
            .GroupBy(d => d.IommuGroup!.Value)
            .Select(g => new IommuGroup(g.Key, g.Select(d => d.Address).Order().ToList()))
            .OrderBy(g => g.Number)
            .ToList();
        var hasGroups = groups.Count > 0;
        var vendor = listing.CpuVendorOfBridges();

        var cpu = new CpuInfo
        {
            Vendor = vendor?.Vendor ?? CpuVendor.Other,
            Model = vendor is { } v ? $"not in the listing ({VendorWord(v.Vendor)}, going by {v.Source})" : "not in the listing",
            // Not known: the verdict is judged as if VT-x/AMD-V were on, and Unknowns says so; a listing cannot show it.
            Virtualization = true,
            Hypervisor = false,
        };
        var iommu = new IommuStatus
        {
            Enabled = hasGroups,
            GroupCount = groups.Count,
            Units = listing.IommuUnits,
            FirmwareTable = FirmwareIommuTable.Unknown,
            KernelParameters = [],
            Explanation = hasGroups
                ? $"The listing shows {groups.Count} IOMMU group{(groups.Count == 1 ? "" : "s")}, so the IOMMU was on when it was taken."
                : "The listing shows no IOMMU groups (plain lspci output): whether the IOMMU is on, and how the devices are grouped, is unknown.",
        };

        var judged = GpuAssessor.Assess(devices, groups, cpu, iommu);
        var gpus = judged.Select(gpu => hasGroups ? WithImportCaveat(gpu) : AsUnknown(gpu)).ToList();

        var problems = listing.Problems.Select(p => p.Message)
            .Concat(listing.Entries.Where(e => !e.HasIds).Select(e => $"{e.Address} (line {e.LineNumber}) is left out: the listing does not show its whole vendor:device ID."))
            .ToList();

        return new ScanReport
        {
            HostName = hostName,
            ScannedAt = importedAt,
            Root = ImportedRoot,
            Cpu = cpu,
            Iommu = iommu,
            KernelCommandLine = "",
            Devices = devices,
            Groups = groups,
            Gpus = gpus,
            Warnings = problems,
            Import = new ImportedListing
            {
                Format = format,
                SourceName = sourceName is null ? null : Path.GetFileName(sourceName),
                Unknowns = Unknowns(format, hasDrivers),
                Problems = problems,
            },
        };
    }

    private static PciDevice ToDevice(IommuListingEntry entry) => new()
    {
        Address = entry.Address,
        VendorId = entry.VendorId!,
        DeviceId = entry.DeviceId!,
        SubsystemVendorId = entry.SubsystemVendorId,
        SubsystemDeviceId = entry.SubsystemDeviceId,
        ClassCode = entry.ClassCode,
        Revision = entry.Revision,
        // lspci prints vendor and device names as one text; it names the device as the listing does.
        DeviceName = entry.Name.Length > 0 ? entry.Name : null,
        ClassName = entry.ClassName.Length > 0 ? entry.ClassName : null,
        Driver = entry.Driver,
        IommuGroup = entry.Group,
    };

    private static GpuAssessment WithImportCaveat(GpuAssessment gpu) => gpu with
    {
        Reasons =
        [
            .. gpu.Reasons,
            "Judged from the imported listing's IOMMU groups only: whether the CPU's VT-x/AMD-V is on, and whether the firmware boots on this card, are not in a listing. Check them on the host (or install PassthroughWeb there) before relying on the verdict.",
        ],
    };

    private static GpuAssessment AsUnknown(GpuAssessment gpu) => gpu with
    {
        Verdict = GpuVerdict.Unknown,
        Groups = [],
        GroupMates = [],
        Reasons =
        [
            "The listing has no IOMMU groups (plain lspci output), so whether this card sits alone in its IOMMU group cannot be told. " +
            "Run the guide's IOMMU group loop on the host (for d in /sys/kernel/iommu_groups/*/devices/*; …) and import its output to get a verdict.",
        ],
    };

    private static List<string> Unknowns(ListingFormat format, bool hasDrivers)
    {
        var unknowns = new List<string>();
        if (format != ListingFormat.IommuGroups)
            unknowns.Add("IOMMU groups and whether the IOMMU is on: lspci does not show them, so no card gets a verdict.");
        else
            unknowns.Add("The kernel parameters the IOMMU runs with (intel_iommu=, amd_iommu=, iommu=pt): the groups show only that it was on.");
        if (!hasDrivers)
            unknowns.Add(format == ListingFormat.LspciNn
                ? "The drivers in use: lspci -nn does not print them (lspci -nnk does)."
                : "The drivers in use: the listing does not print them (lspci -nnk does).");
        unknowns.Add("Which card the firmware boots on (boot_vga): the host's own display may be the card you mean to pass.");
        unknowns.Add("Whether the CPU's hardware virtualization (VT-x/AMD-V) is on: the verdicts assume it is.");
        unknowns.Add("The firmware's ACPI tables (DMAR for Intel VT-d, IVRS for AMD-Vi) and interrupt remapping.");
        unknowns.Add("The kernel command line, the boot loader and the initramfs: steps 2 and 3 cannot be planned for an imported host.");
        unknowns.Add("How each device resets (reset_method), and which controllers hold the host's disks and network.");
        unknowns.Add("Devices the listing leaves out: a filtered or cut listing may hide devices that share a card's group.");
        return unknowns;
    }

    private static string VendorWord(CpuVendor vendor) => vendor switch
    {
        CpuVendor.Intel => "Intel",
        CpuVendor.Amd => "AMD",
        _ => "unknown",
    };

    /// <summary>NUL, or more than a few control characters besides tab, CR, LF and ESC (colour codes): not text output.</summary>
    private static bool LooksBinary(string text)
    {
        var controls = 0;
        foreach (var c in text)
        {
            if (c == '\0' || c == '\uFFFD') return true;
            if (char.IsControl(c) && c is not '\t' and not '\r' and not '\n' and not '\u001b' && ++controls > 8) return true;
        }
        return false;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex HostNamePattern();
}
