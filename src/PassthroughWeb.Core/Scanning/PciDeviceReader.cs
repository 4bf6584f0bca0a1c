using System.Globalization;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Scanning;

/// <summary>
/// Reads one device directory under <c>sys/bus/pci/devices</c>. Whatever is missing or garbled becomes a
/// problem noted on the device, never an exception: a scan of a half-broken host must still show the rest.
/// </summary>
public static class PciDeviceReader
{
    public const string DevicesPath = "sys/bus/pci/devices";

    /// <summary>Reads the device <paramref name="entryName"/> of <paramref name="devices"/> (the opened <c>sys/bus/pci/devices</c>).</summary>
    /// <param name="linkTargets">Targets of driver links already found to exist in this scan (shared across devices).</param>
    public static PciDevice Read(HostDirectory devices, PciAddress address, string entryName, PciIdDatabase names, Dictionary<string, bool>? linkTargets = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(names);
        var problems = new List<string>();
        HostDirectory directory;
        try
        {
            directory = devices.OpenChild(entryName);
        }
        catch (HostPathEscapesRootException e)
        {
            return Unreadable(address, $"The device entry was not read: {e.Message}");
        }
        // config space: the kernel's own copy of the IDs; the fallback when an attribute file is unreadable.
        var config = directory.TryReadBytes("config", 64);
        // Checked only when config is unreadable, which a real device never is: one system call less per device.
        if (config is null && !directory.Exists) return Unreadable(address, "The device entry in sys/bus/pci/devices points nowhere (a dangling link).");
        var vendor = HexAttribute(directory, "vendor", 4, problems) ?? ConfigWord(config, 0x00);
        var device = HexAttribute(directory, "device", 4, problems) ?? ConfigWord(config, 0x02);
        if (vendor is null) problems.Add("The vendor ID could not be read (no 'vendor' file and no config space).");
        if (device is null) problems.Add("The device ID could not be read (no 'device' file and no config space).");

        string classCode;
        string? progIf = null;
        var classText = directory.TryReadText("class")?.Trim();
        if (classText is not null && TryParseHex(classText, out var classValue) && classText.Length is 8 && classValue <= 0xffffff)
        {
            classCode = (classValue >> 8).ToString("x4", CultureInfo.InvariantCulture);
            progIf = (classValue & 0xff).ToString("x2", CultureInfo.InvariantCulture);
        }
        else if (config is { Length: >= 0x0c })
        {
            classCode = $"{config[0x0b]:x2}{config[0x0a]:x2}";
            progIf = $"{config[0x09]:x2}";
            problems.Add(classText is null
                ? "The 'class' file is missing; the class was taken from config space."
                : $"The 'class' file holds '{Shorten(classText)}', not a class code; the class was taken from config space.");
        }
        else
        {
            classCode = "ff00";
            problems.Add(classText is null
                ? "The class of this device is unknown: no 'class' file and no config space."
                : $"The 'class' file holds '{Shorten(classText)}', not a class code, and there is no config space: the class is unknown.");
        }

        // Revision and subsystem are plain copies of config space in sysfs: with config at hand, three reads are saved.
        string? revision, subVendor, subDevice;
        if (config is { Length: >= 0x30 })
        {
            revision = $"{config[8]:x2}";
            subVendor = ConfigWord(config, 0x2c);
            subDevice = ConfigWord(config, 0x2e);
        }
        else
        {
            revision = HexAttribute(directory, "revision", 2, problems) ?? (config is { Length: > 8 } ? $"{config[8]:x2}" : null);
            subVendor = HexAttribute(directory, "subsystem_vendor", 4, problems) ?? ConfigWord(config, 0x2c);
            subDevice = HexAttribute(directory, "subsystem_device", 4, problems) ?? ConfigWord(config, 0x2e);
        }

        var driver = ReadLinkName(directory, "driver", "driver", problems, linkTargets);
        int? group = null;
        var groupName = ReadLinkName(directory, "iommu_group", "IOMMU group", problems);
        if (groupName is not null)
        {
            if (int.TryParse(groupName, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) group = number;
            else problems.Add($"The iommu_group link points to '{groupName}', which is not a group number.");
        }

        // The kernel shows boot_vga only on VGA-class devices: asking the others would only cost a failed open each.
        bool? bootVga = (classCode == "0300" ? directory.TryReadText("boot_vga")?.Trim() : null) switch
        {
            "1" => true,
            "0" => false,
            null => null,
            var other => Problem(problems, $"The 'boot_vga' file holds '{Shorten(other)}' instead of 0 or 1."),
        };
        var resetText = directory.TryReadText("reset_method");
        IReadOnlyList<string>? resetMethods = resetText?.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var driverOverride = directory.TryReadText("driver_override")?.Trim();
        if (driverOverride is "(null)" or "") driverOverride = null;

        var vendorId = vendor ?? "ffff";
        var deviceId = device ?? "ffff";
        return new PciDevice
        {
            Address = address,
            VendorId = vendorId,
            DeviceId = deviceId,
            SubsystemVendorId = subVendor,
            SubsystemDeviceId = subDevice,
            ClassCode = classCode,
            ProgIf = progIf,
            Revision = revision,
            VendorName = names.VendorName(vendorId),
            DeviceName = names.DeviceName(vendorId, deviceId),
            ClassName = names.ClassName(classCode) ?? PciClass.Describe(classCode),
            Driver = driver,
            IommuGroup = group,
            BootVga = bootVga,
            ResetMethods = resetMethods,
            DriverOverride = driverOverride,
            SysfsPath = directory.ResolvedHostPath,
            Problems = problems,
        };
    }

    private static PciDevice Unreadable(PciAddress address, string problem) => new()
    {
        Address = address,
        VendorId = "ffff",
        DeviceId = "ffff",
        ClassCode = "ff00",
        ClassName = "Unreadable device",
        Problems = [problem],
    };

    private static bool? Problem(List<string> problems, string text)
    {
        problems.Add(text);
        return null;
    }

    /// <summary>A sysfs hex attribute ("0x1002\n") as lower-case hex of the given width, or null when missing or garbled.</summary>
    private static string? HexAttribute(HostDirectory directory, string name, int digits, List<string> problems)
    {
        var text = directory.TryReadText(name)?.Trim();
        if (text is null) return null;
        if (TryParseHex(text, out var value) && value < 1L << (digits * 4))
            return value.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        problems.Add($"The '{name}' file holds '{Shorten(text)}' instead of a hex number.");
        return null;
    }

    private static string? ReadLinkName(HostDirectory directory, string name, string what, List<string> problems, Dictionary<string, bool>? existsCache = null)
    {
        var link = directory.ReadSymlink(name, existsCache);
        switch (link.State)
        {
            case SymlinkState.Present:
                return link.Name;
            case SymlinkState.Dangling:
                problems.Add($"The {what} link points to '{link.Name}', which does not exist (a dangling link).");
                return null;
            case SymlinkState.Escapes:
                problems.Add($"The {what} link leads outside the host root and was not followed.");
                return null;
            case SymlinkState.NotALink:
                problems.Add($"'{name}' should be a symlink but is a plain file or directory.");
                return null;
            default:
                return null;
        }
    }

    private static string? ConfigWord(byte[]? config, int offset) =>
        config is not null && config.Length >= offset + 2 ? $"{config[offset + 1]:x2}{config[offset]:x2}" : null;

    private static bool TryParseHex(string text, out long value)
    {
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && digits.Length > 0;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
