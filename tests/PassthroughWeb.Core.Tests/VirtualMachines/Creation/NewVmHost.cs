using PassthroughWeb.Core.Import;
using System.Text.Json;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.TestSupport;

namespace PassthroughWeb.Core.Tests.VirtualMachines.Creation;

/// <summary>
/// A host for the new-VM planner: the guide's workstation (12 logical CPUs, 6 cores with SMT, the RX 6600 at 07:00.0/.1)
/// with 32 GiB of memory, this machine's own QEMU firmware descriptors and the OVMF files they name, swtpm, and the
/// Windows ISOs in /srv/isos. Each part can be left out to test what the planner says without it.
/// </summary>
public sealed class NewVmHost : IDisposable
{
    public const string Win11Iso = "/srv/isos/Win11_24H2_English_x64.iso";
    public const string Win10Iso = "/srv/isos/Win10_22H2_English_x64v1.iso";
    public const string VirtioWinIso = "/srv/isos/virtio-win-0.1.266.iso";
    public const long MemoryBytes = 32L * 1024 * 1024 * 1024;
    private const string FirmwareDirectory = "/usr/share/qemu/firmware";

    private readonly TemporaryHostRoot _host = new();

    public NewVmHost(bool firmware = true, bool swtpm = true, bool kvm = false, IommuListing? listing = null)
    {
        if (listing is null)
        {
            SampleWorkstation.Build(_host.Path);
            // This host has this machine's firmware or none: the demo's own OVMF markers would stand in for it.
            Directory.Delete(Path.Combine(_host.Path, "usr", "share", "edk2"), recursive: true);
        }
        else HostTreeWriter.Write(Root, new HostTreeSpec { Listing = listing, LogicalCpus = 12 });
        Root.WriteText("proc/meminfo", $"MemTotal:       {MemoryBytes / 1024} kB\nMemFree:        30000000 kB\nMemAvailable:   31000000 kB\n");
        foreach (var iso in new[] { Win11Iso, Win10Iso, VirtioWinIso }) Root.WriteText(iso, "");
        if (firmware) CopyFirmware();
        if (swtpm)
        {
            foreach (var program in new[] { "/usr/bin/swtpm", "/usr/bin/swtpm_setup" })
            {
                if (!File.Exists(program)) Assert.Skip($"{program} is not installed here (apt-get install swtpm swtpm-tools).");
                CopyFromThisMachine(program);
            }
        }
        if (kvm) Root.WriteText("dev/kvm", "");
    }

    public HostRoot Root => _host.Root;

    public ScanReport Scan() => new HostScanner(TimeProvider.System).Scan(Root);

    /// <summary>The code file of this machine's descriptor with all the features asked for and none of those refused.</summary>
    public static string DescriptorCode(string[] with, string[] without)
    {
        foreach (var file in Directory.GetFiles(FirmwareDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var features = json.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetString()).ToHashSet();
            if (with.All(features.Contains) && !without.Any(features.Contains))
                return json.RootElement.GetProperty("mapping").GetProperty("executable").GetProperty("filename").GetString()!;
        }
        throw new InvalidOperationException($"No descriptor in {FirmwareDirectory} has [{string.Join(", ", with)}] without [{string.Join(", ", without)}].");
    }

    /// <summary>This machine's descriptors and the files they name, byte for byte: the layout the ovmf package installs.</summary>
    private void CopyFirmware()
    {
        if (!Directory.Exists(FirmwareDirectory)) Assert.Skip($"{FirmwareDirectory} is missing: OVMF is not installed here (apt-get install ovmf).");
        foreach (var file in Directory.GetFiles(FirmwareDirectory, "*.json"))
        {
            CopyFromThisMachine(file);
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            if (!json.RootElement.TryGetProperty("mapping", out var mapping)) continue;
            foreach (var part in new[] { "executable", "nvram-template" })
            {
                if (mapping.TryGetProperty(part, out var entry) && entry.GetProperty("filename").GetString() is { } path && File.Exists(path))
                    CopyFromThisMachine(path);
            }
        }
    }

    private void CopyFromThisMachine(string path)
    {
        var target = _host.Combine(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (!File.Exists(target)) File.Copy(path, target);
    }

    public void Dispose() => _host.Dispose();
}
