using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>
/// Plans a new Windows VM for passthrough, with the guide's choices as defaults, as one change plan for the change
/// engine: create the qcow2 volume, then define the domain (rollback: undefine it, with its variable store and TPM
/// state, and delete the volume). Host facts come from the host root (CPUs, memory, /dev/kvm, OVMF, swtpm, bridges);
/// the pools, networks and domains from the libvirt daemon at the virsh connection. It changes nothing itself.
/// Every problem is a finding in plain words; any refusal means no plan.
/// </summary>
public sealed class VmCreationPlanner(HostRoot root, Virsh virsh)
{
    /// <summary>libvirt runs swtpm_setup (package swtpm-tools) to create the TPM state, then swtpm itself.</summary>
    private static readonly string[] SwtpmPrograms = ["usr/bin/swtpm", "usr/bin/swtpm_setup"];

    private readonly HostRoot _root = root ?? throw new ArgumentNullException(nameof(root));
    private readonly Virsh _virsh = virsh ?? throw new ArgumentNullException(nameof(virsh));

    public async Task<VmCreationResult> PlanAsync(ScanReport scan, NewVmRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(request);
        var findings = new List<VmCreationFinding>();

        if (VmNameRules.Problem(request.Name) is { } nameProblem) Refuse(findings, "name", nameProblem, null);
        CheckIso(findings, request.InstallIsoPath, "The Windows installation ISO", request.Windows == WindowsVersion.Windows11
            ? "Download it from https://www.microsoft.com/software-download/windows11 and give its full path."
            : "Download it from https://www.microsoft.com/software-download/windows10 and give its full path.");
        if (request.VirtioWinIsoPath is { } virtioWin)
            CheckIso(findings, virtioWin, "The virtio-win driver ISO",
                "Download virtio-win.iso from https://fedorapeople.org/groups/virt/virtio-win/direct-downloads/stable-virtio/ or leave it out (the disk and network then use SATA and e1000e).");

        var host = HostResourcesReader.Read(_root);
        var (vcpus, threads) = ChooseCpus(findings, _root, host, request);
        var memory = ChooseMemory(findings, _root, host, request);
        var diskBytes = ChooseDisk(findings, request);
        var domainType = ChooseDomainType(findings);
        var firmware = ChooseFirmware(findings, request.Windows);
        var tpm = ChooseTpm(findings, request.Windows);
        var (gpuFunctions, nvidia) = ChooseGpu(findings, scan, request.Gpu);
        var hide = request.HideHypervisor ?? nvidia;
        if (hide && request.HideHypervisor is null)
            Inform(findings, "gpu", "The hypervisor is hidden from the guest (<kvm><hidden state='on'/> and a Hyper-V vendor_id): NVIDIA drivers before version 465 stop with Code 43 when they see a VM.");
        CheckBridgeName(findings, request.Network);

        // The daemon is asked only about a request that is sound so far, and only once it answers at all.
        string? diskPath = null;
        if (findings.All(f => f.Severity != FindingSeverity.Refusal))
            diskPath = await CheckLibvirtAsync(findings, request, diskBytes, gpuFunctions, cancellationToken).ConfigureAwait(false);

        if (findings.Any(f => f.Severity == FindingSeverity.Refusal) || diskPath is null || firmware is null)
            return new VmCreationResult { Request = request, Findings = findings };

        var virtio = request.VirtioWinIsoPath is not null;
        if (!virtio)
            Inform(findings, "disk", "Without the virtio-win ISO the disk is SATA and the network card e1000e, which Windows Setup drives by itself. " +
                                     "Give the virtio-win ISO to get the faster virtio devices (Setup then loads the storage driver from it: \"Load driver\", folder viostor\\w11 or w10).");
        var blueprint = new VmBlueprint
        {
            Name = request.Name,
            Windows = request.Windows,
            DomainType = domainType,
            VirtualCpus = vcpus,
            ThreadsPerCore = threads,
            MemoryBytes = memory,
            Firmware = firmware,
            Tpm = tpm,
            DiskPath = diskPath,
            DiskBus = virtio ? "virtio" : "sata",
            InstallIsoPath = request.InstallIsoPath,
            VirtioWinIsoPath = request.VirtioWinIsoPath,
            Network = request.Network,
            NetworkModel = virtio ? "virtio" : "e1000e",
            GpuFunctions = gpuFunctions,
            HideHypervisor = hide,
        };
        var volume = new DiskVolume { Pool = request.StoragePool, Name = VolumeName(request.Name), CapacityBytes = diskBytes };
        var windows = request.Windows == WindowsVersion.Windows11 ? "Windows 11" : "Windows 10";
        var gpuText = gpuFunctions.Count == 0 ? "no GPU yet" : $"the card at {gpuFunctions[0]} ({gpuFunctions.Count} function{(gpuFunctions.Count == 1 ? "" : "s")})";
        var summary = $"Create the VM '{request.Name}' for {windows}: {vcpus} vCPUs, {VmSizing.Format(memory)} of memory, a {VmSizing.Format(diskBytes)} disk " +
                      $"in pool '{request.StoragePool}', {request.Network}, {gpuText}.";
        var plan = new ChangePlan
        {
            Steps = ["vm"],
            Summary = summary,
            Files = [],
            Commands = [],
            Domains =
            [
                new DomainChange
                {
                    Connection = _virsh.Connection,
                    Name = request.Name,
                    Before = null,
                    After = NewDomainXml.Write(blueprint),
                    Reason = $"A new {windows} VM with the guide's choices: q35, {firmware.Describe()}" +
                             (tpm ? ", an emulated TPM 2.0" : "") +
                             (gpuFunctions.Count > 0 ? ", the card's functions together on one guest slot" : "") + ".",
                    NewVolume = volume,
                },
            ],
            Notes = findings.Where(f => f.Severity != FindingSeverity.Refusal).Select(f => f.ToString()).ToList(),
        };
        return new VmCreationResult { Request = request, Plan = plan, Blueprint = blueprint, Findings = findings };
    }

    /// <summary>
    /// The new disk's volume name: the VM's name with <c>.qcow2</c>, as virt-manager names it, with every character
    /// but letters, digits, '-', '_', '.' and '+' made '_'. The VM's name may hold anything libvirt allows, but the
    /// image becomes a file name that users type in shells, and <c>virsh vol-create-as</c> breaks on '&amp;' and '&lt;'.
    /// </summary>
    public static string VolumeName(string vmName)
    {
        ArgumentNullException.ThrowIfNull(vmName);
        var safe = string.Concat(vmName.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '+' ? c : '_'));
        // A leading dot would hide the image; a leading dash would read as an option.
        if (safe.StartsWith('.') || safe.StartsWith('-')) safe = "_" + safe[1..];
        return safe + ".qcow2";
    }

    private void CheckIso(List<VmCreationFinding> findings, string? path, string what, string whatToDo)
    {
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/'))
        {
            Refuse(findings, "iso", $"{what} must be given as a full path starting with '/' (got '{path}').", whatToDo);
            return;
        }
        bool exists;
        try
        {
            exists = _root.FileExists(path);
        }
        catch (HostPathEscapesRootException e)
        {
            Refuse(findings, "iso", $"{what} path '{path}' cannot be used: {e.Message}", whatToDo);
            return;
        }
        if (!exists)
        {
            Refuse(findings, "iso", _root.DirectoryExists(path) ? $"{what} '{path}' is a directory, not a file." : $"{what} '{path}' does not exist on the host.", whatToDo);
            return;
        }
        CheckReachableByQemu(findings, path, what);
    }

    /// <summary>
    /// libvirt runs QEMU as an unprivileged user (libvirt-qemu on Debian, qemu on Fedora) and hands it the ISO's file,
    /// but not the directories above it: a home directory of mode 0700 (Debian 12's default) stops the VM from
    /// starting with "Permission denied", even though the guide suggests keeping the ISO in the home folder.
    /// </summary>
    private void CheckReachableByQemu(List<VmCreationFinding> findings, string path, string what)
    {
        if (QemuRunsAsRoot()) return;
        var closed = new List<string>();
        for (var directory = System.IO.Path.GetDirectoryName(path); directory is not null and not "/"; directory = System.IO.Path.GetDirectoryName(directory))
        {
            if (_root.TryGetUnixMode(directory) is { } mode && (mode & UnixFileMode.OtherExecute) == 0) closed.Insert(0, directory);
        }
        if (closed.Count == 0) return;
        Warn(findings, "iso", $"{what} is in {string.Join(" and ", closed.Select(d => $"'{d}'"))}, which QEMU (running as libvirt's unprivileged user) cannot enter: the VM would not start (\"Permission denied\").",
            $"Move the ISO to /var/lib/libvirt/images, or let others pass through the directory (chmod o+x {string.Join(' ', closed)}).");
    }

    /// <summary>qemu.conf's <c>user = "root"</c> (commented out by default: QEMU then runs as the distribution's qemu user).</summary>
    private bool QemuRunsAsRoot()
    {
        var conf = _root.TryReadText("etc/libvirt/qemu.conf");
        if (conf is null) return false;
        foreach (var line in conf.Split('\n'))
        {
            var text = line.Trim();
            if (!text.StartsWith("user", StringComparison.Ordinal)) continue;
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 || text[..equals].Trim() != "user") continue;
            var value = text[(equals + 1)..].Trim().Trim('"');
            return value is "root" or "+0";
        }
        return false;
    }

    private static (int VirtualCpus, int ThreadsPerCore) ChooseCpus(List<VmCreationFinding> findings, HostRoot root, HostResources host, NewVmRequest request)
    {
        var reserved = VmSizing.ReservedCpus(host);
        var max = VmSizing.MaxVirtualCpus(host);
        var minimum = VmSizing.MinimumVirtualCpus(request.Windows);
        var hostText = $"The host has {host.LogicalCpus} logical CPU{(host.LogicalCpus == 1 ? "" : "s")}" +
                       (host.ThreadsPerCore > 1 ? $" ({host.ThreadsPerCore} threads per core)" : "");
        if (host.LogicalCpus == 0)
        {
            Refuse(findings, "cpus", "proc/cpuinfo lists no processors, so the VM cannot be sized.", OnHost(root, "Check that /proc is mounted and readable.", "proc/cpuinfo"));
            return (0, 1);
        }
        var vcpus = request.VirtualCpus ?? max;
        var hostLower = char.ToLowerInvariant(hostText[0]) + hostText[1..];
        if (max == 0)
            Refuse(findings, "cpus", $"{hostText}; the guide keeps at least {VmSizing.HostCores} cores ({reserved} logical CPUs) for the host, which leaves none for a VM.",
                "Passthrough needs a host with more cores than this.");
        else if (vcpus < 1)
            Refuse(findings, "cpus", $"A VM needs at least 1 vCPU (asked: {vcpus}).", $"Give the VM between 1 and {max} vCPUs.");
        else if (vcpus > max)
            Refuse(findings, "cpus", $"{vcpus} vCPUs would take CPUs the host needs: {hostLower}, and the guide keeps at least {VmSizing.HostCores} cores ({reserved} logical CPUs) for it.",
                $"Give the VM at most {max} vCPUs.");
        else if (vcpus < minimum)
            Refuse(findings, "cpus", $"Windows 11 Setup requires at least {minimum} vCPUs (asked: {vcpus}).",
                max >= minimum ? $"Give the VM between {minimum} and {max} vCPUs." : "This host cannot spare enough cores for Windows 11; Windows 10 needs one.");
        else if (request.VirtualCpus is null)
            Inform(findings, "cpus", $"{vcpus} vCPUs: {hostLower}, and {reserved} stay with the host ({VmSizing.HostCores} cores, as the guide advises).");
        // Whole cores for the guest when the count allows, so Windows schedules threads as on the host.
        var threads = host.ThreadsPerCore > 1 && vcpus % host.ThreadsPerCore == 0 ? host.ThreadsPerCore : 1;
        return (vcpus, threads);
    }

    private static long ChooseMemory(List<VmCreationFinding> findings, HostRoot root, HostResources host, NewVmRequest request)
    {
        if (host.MemoryBytes is not { } total)
        {
            Refuse(findings, "memory", "proc/meminfo could not be read, so the host's memory is unknown and the VM cannot be sized safely.", OnHost(root, "Check that /proc is mounted and readable.", "proc/meminfo"));
            return 0;
        }
        var max = VmSizing.MaxMemory(total);
        var reserved = VmSizing.ReservedMemory(total);
        var minimum = VmSizing.MinimumMemory(request.Windows);
        var memory = request.MemoryBytes ?? VmSizing.DefaultMemory(total);
        var windows = request.Windows == WindowsVersion.Windows11 ? "Windows 11" : "Windows 10";
        if (memory > max)
            Refuse(findings, "memory",
                $"{VmSizing.Format(memory)} for the VM would leave the host less than {VmSizing.Format(reserved)} of its {VmSizing.Format(total)} " +
                $"(it keeps {VmSizing.Format(VmSizing.MinimumHostMemory)} or a quarter, whichever is more).",
                max >= minimum ? $"Give the VM at most {VmSizing.Format(max)}." : $"This host cannot spare the {VmSizing.Format(minimum)} {windows} needs.");
        else if (memory < minimum)
            Refuse(findings, "memory", $"{windows} needs at least {VmSizing.Format(minimum)} of memory (asked: {VmSizing.Format(memory)}).",
                max >= minimum ? $"Give the VM between {VmSizing.Format(minimum)} and {VmSizing.Format(max)}." : $"This host cannot spare the {VmSizing.Format(minimum)} {windows} needs.");
        else if (memory % (1024 * 1024) != 0)
            Refuse(findings, "memory", $"Give the memory in whole MiB (asked: {memory} bytes).", null);
        else if (request.MemoryBytes is null)
            Inform(findings, "memory", $"{VmSizing.Format(memory)} of memory: the host has {VmSizing.Format(total)} and keeps at least {VmSizing.Format(reserved)}.");
        return memory;
    }

    private static long ChooseDisk(List<VmCreationFinding> findings, NewVmRequest request)
    {
        var disk = request.DiskBytes ?? VmSizing.DefaultDiskBytes;
        var minimum = VmSizing.MinimumDisk(request.Windows);
        if (disk < minimum)
            Refuse(findings, "disk", $"{(request.Windows == WindowsVersion.Windows11 ? "Windows 11" : "Windows 10")} needs a disk of at least {VmSizing.Format(minimum)} (asked: {VmSizing.Format(disk)}).",
                $"Give at least {VmSizing.Format(minimum)}; the guide recommends 50 GB or more.");
        return disk;
    }

    /// <summary>
    /// Advice for something the host root lacks. On the host itself it is what to install or check there; on a copy of
    /// a host (the demo, <c>--root DIR</c>) installing on this machine would change nothing the planner reads, so it says
    /// what the copy is missing instead.
    /// </summary>
    private static string OnHost(HostRoot root, string onTheHost, string missingFromCopy) => root.IsSystemRoot
        ? onTheHost
        : $"This is a copy of a host at {root.Path}, and it has no {missingFromCopy}: copy them from the host it stands for (where the advice is: {onTheHost[0..1].ToLowerInvariant()}{onTheHost[1..]}).";

    private string ChooseDomainType(List<VmCreationFinding> findings)
    {
        if (_root.FileExists("dev/kvm") || _root.ListNames("dev").Contains("kvm")) return "kvm";
        Warn(findings, "accelerator", "This host has no /dev/kvm, so the VM is defined as type 'qemu' (full emulation): it works, but far too slowly for a GPU guest.",
            "Turn on VT-x/AMD-V in the firmware settings and load kvm_intel or kvm_amd; then change the domain type to kvm.");
        return "qemu";
    }

    private OvmfFirmware? ChooseFirmware(List<VmCreationFinding> findings, WindowsVersion windows)
    {
        var problems = new List<string>();
        var builds = OvmfFirmwareFinder.FindAll(_root, problems);
        foreach (var problem in problems) Warn(findings, "firmware", problem, null);
        var wantSecure = windows == WindowsVersion.Windows11;
        var chosen = OvmfFirmwareFinder.Choose(builds, wantSecure);
        if (chosen is null)
        {
            Refuse(findings, "firmware", "No UEFI firmware (OVMF) for q35 guests was found: GPU passthrough needs a UEFI guest.",
                OnHost(_root, "Install it (Debian/Ubuntu: apt install ovmf; Fedora: dnf install edk2-ovmf; Arch: pacman -S edk2-ovmf).", "OVMF files (usr/share/OVMF, usr/share/edk2 …)"));
            return null;
        }
        if (wantSecure && !chosen.SecureBoot)
            Warn(findings, "firmware", "No Secure Boot build of OVMF was found, so the VM gets plain UEFI: Windows 11 Setup checks for Secure Boot.",
                "Install the distribution's OVMF package with its Secure Boot builds (Debian's ovmf has them).");
        else if (wantSecure && !chosen.EnrolledKeys)
            Warn(findings, "firmware", "The Secure Boot build found has no Microsoft keys enrolled: Secure Boot stays off until keys are enrolled in the firmware setup.", null);
        Inform(findings, "firmware", $"Firmware: {chosen.Describe()} (from {chosen.Source}).");
        return chosen;
    }

    private bool ChooseTpm(List<VmCreationFinding> findings, WindowsVersion windows)
    {
        if (windows != WindowsVersion.Windows11) return false;
        var missing = SwtpmPrograms.Where(p => !_root.FileExists(p)).Select(p => "/" + p).ToList();
        if (missing.Count == 0)
        {
            Inform(findings, "tpm", "Windows 11 gets an emulated TPM 2.0 (swtpm, CRB interface), which its Setup requires.");
            return true;
        }
        Warn(findings, "tpm", $"swtpm is not installed ({string.Join(", ", missing)} missing), so the VM gets no TPM: Windows 11 Setup refuses to install without a TPM 2.0.",
            OnHost(_root, "Install swtpm and swtpm-tools (Debian/Ubuntu: apt install swtpm swtpm-tools; Fedora: dnf install swtpm swtpm-tools; Arch: pacman -S swtpm), then plan again.", "usr/bin/swtpm and usr/bin/swtpm_setup"));
        return false;
    }

    private static (IReadOnlyList<PciAddress> Functions, bool Nvidia) ChooseGpu(List<VmCreationFinding> findings, ScanReport scan, PciAddress? gpu)
    {
        if (gpu is not { } address)
        {
            Inform(findings, "gpu", "No card is passed through yet: the guide installs Windows first and adds the card afterwards (step 4 on this VM).");
            return ([], false);
        }
        var card = scan.Gpus.FirstOrDefault(g => g.Functions.Contains(address) || g.Address.IsSameSlot(address));
        if (card is null)
        {
            Refuse(findings, "gpu", $"The scan found no graphics card at {address}.", "Choose one of the cards step 1 lists, or scan again.");
            return ([], false);
        }
        if (card.Verdict == GpuVerdict.Blocked)
            Warn(findings, "gpu", $"Step 1 says {card.Name} cannot be passed through yet: {string.Join(" ", card.Reasons)}", "Finish steps 2 and 3 first; the VM can be created now.");
        var notIsolated = card.Functions.Where(f => scan.FindDevice(f)?.Driver is { } driver && driver != "vfio-pci").ToList();
        if (notIsolated.Count > 0)
            Warn(findings, "gpu", $"{string.Join(", ", notIsolated)} {(notIsolated.Count == 1 ? "is" : "are")} not on vfio-pci yet (step 3). libvirt detaches managed devices when the VM starts, " +
                                  "but a card the host display uses cannot be taken away safely.", "Do step 3 and reboot before starting the VM.");
        return (card.Functions.Order().ToList(), card.VendorId == "10de");
    }

    private static void CheckBridgeName(List<VmCreationFinding> findings, VmNetwork network)
    {
        if (string.IsNullOrWhiteSpace(network.Name))
            Refuse(findings, "network", "The network needs a name (the NAT network 'default', or a host bridge such as br0).", null);
        else if (network.Kind == NetworkKind.Bridge && (network.Name.Length > 15 || network.Name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c))))
            Refuse(findings, "network", $"'{network.Name}' cannot be a Linux interface name (at most 15 characters, no '/', ':' or blanks).", null);
    }

    /// <summary>The daemon's side: the name is free, the pool can take the disk, the network exists. Returns the disk's path.</summary>
    private async Task<string?> CheckLibvirtAsync(List<VmCreationFinding> findings, NewVmRequest request, long diskBytes, IReadOnlyList<PciAddress> gpuFunctions, CancellationToken cancellationToken)
    {
        // Names only: the states ListDomainsAsync adds cost three more calls and matter nothing here.
        var listed = await _virsh.ListNamesAsync(["list", "--all", "--name"], cancellationToken).ConfigureAwait(false);
        if (!listed.Succeeded)
        {
            Refuse(findings, "libvirt", listed.Error.Message, null);
            return null;
        }
        var domains = listed.GetValue();
        if (domains.Contains(request.Name, StringComparer.Ordinal))
            Refuse(findings, "name", $"A VM named '{request.Name}' is already defined at {_virsh.Connection}.",
                "Choose another name, or use step 4 on that VM instead of creating one.");
        if (gpuFunctions.Count > 0)
            await CheckCardInOtherVmsAsync(findings, domains, gpuFunctions, cancellationToken).ConfigureAwait(false);

        var diskPath = await CheckPoolAsync(findings, request, diskBytes, cancellationToken).ConfigureAwait(false);
        if (request.Network.Kind == NetworkKind.LibvirtNetwork)
            await CheckNetworkAsync(findings, request.Network.Name, cancellationToken).ConfigureAwait(false);
        else
            CheckBridge(findings, request.Network.Name);
        return diskPath;
    }

    /// <summary>Another VM that has one of the card's functions can never run at the same time as this one.</summary>
    private async Task CheckCardInOtherVmsAsync(List<VmCreationFinding> findings, IReadOnlyList<string> domains, IReadOnlyList<PciAddress> gpuFunctions, CancellationToken cancellationToken)
    {
        foreach (var domain in domains)
        {
            var xml = await _virsh.DumpXmlAsync(domain, inactive: true, cancellationToken).ConfigureAwait(false);
            if (!xml.Succeeded || !DomainDefinition.TryParse(xml.GetValue(), out var definition, out _)) continue; // undefined meanwhile, or not ours to judge
            var shared = definition.PciHostdevs.Select(h => h.Source).Where(gpuFunctions.Contains).Order().ToList();
            if (shared.Count == 0) continue;
            Warn(findings, "gpu", $"The VM '{domain}' already has {string.Join(", ", shared)}: only one of the two VMs can run at a time.",
                $"Remove the card from '{domain}' (step 4 on that VM) if the new VM replaces it.");
        }
    }

    private async Task<string?> CheckPoolAsync(List<VmCreationFinding> findings, NewVmRequest request, long diskBytes, CancellationToken cancellationToken)
    {
        var storage = new LibvirtStorage(_virsh);
        var name = request.StoragePool;
        var found = await storage.GetPoolAsync(name, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            Refuse(findings, "pool", found.Error.Message, null);
            return null;
        }
        if (found.GetValue() is not { } pool)
        {
            var pools = await storage.ListPoolsAsync(cancellationToken).ConfigureAwait(false);
            var others = pools.Succeeded && pools.GetValue().Count > 0 ? $" The pools there are: {string.Join(", ", pools.GetValue().Select(p => $"'{p}'"))}." : " There are no pools at all.";
            Refuse(findings, "pool", $"There is no storage pool '{name}' at {_virsh.Connection}.{others}",
                name == NewVmRequest.DefaultPool
                    ? "Create the usual one (virt-manager does the same): virsh pool-define-as default dir --target /var/lib/libvirt/images; virsh pool-build default; virsh pool-start default; virsh pool-autostart default."
                    : "Choose one of the pools listed, or create it with virsh pool-define-as.");
            return null;
        }
        if (!pool.HoldsFiles)
        {
            Refuse(findings, "pool", $"The pool '{name}' is of type '{pool.Type}', which holds block devices, not image files: the new disk is a qcow2 file.",
                "Choose a directory pool (type dir, fs or netfs), such as 'default'.");
            return null;
        }
        if (!pool.Active || pool.TargetPath is null)
        {
            Refuse(findings, "pool", $"The pool '{name}' is not started, so no disk can be created in it.", $"virsh pool-start {name}; virsh pool-autostart {name}");
            return null;
        }
        var volumeName = VolumeName(request.Name);
        var existing = await storage.FindVolumeAsync(name, volumeName, cancellationToken).ConfigureAwait(false);
        if (!existing.Succeeded)
        {
            Refuse(findings, "pool", existing.Error.Message, null);
            return null;
        }
        if (existing.GetValue() is { } path)
        {
            Refuse(findings, "disk", $"The pool '{name}' already has a volume '{volumeName}' ({path}); creating the VM would need to overwrite it.",
                "Choose another VM name, or remove the old image if it is not needed (virsh vol-delete).");
            return null;
        }
        if (pool.AvailableBytes is { } available && available < diskBytes)
            Warn(findings, "disk", $"The pool '{name}' has {VmSizing.Format(available)} free and the disk may grow to {VmSizing.Format(diskBytes)}: the qcow2 image starts small, but Windows will fill the pool before the disk is full.",
                "Free space in the pool, choose a smaller disk, or another pool.");
        return pool.TargetPath.TrimEnd('/') + "/" + volumeName;
    }

    private async Task CheckNetworkAsync(List<VmCreationFinding> findings, string name, CancellationToken cancellationToken)
    {
        var networks = await new LibvirtNetworks(_virsh).ListAsync(cancellationToken).ConfigureAwait(false);
        if (!networks.Succeeded)
        {
            Refuse(findings, "network", networks.Error.Message, null);
            return;
        }
        var network = networks.GetValue().FirstOrDefault(n => n.Name == name);
        if (network is null)
            Refuse(findings, "network", $"There is no libvirt network '{name}' at {_virsh.Connection}.",
                name == "default"
                    ? "Create libvirt's NAT network: virsh net-define /usr/share/libvirt/networks/default.xml; virsh net-start default; virsh net-autostart default (it needs dnsmasq)."
                    : "Choose an existing network (virsh net-list --all), or a host bridge.");
        else if (!network.Active)
            Warn(findings, "network", $"The libvirt network '{name}' is defined but not started: the VM will not start until it is.",
                $"virsh net-start {name}; virsh net-autostart {name}");
    }

    private void CheckBridge(List<VmCreationFinding> findings, string name)
    {
        if (_root.DirectoryExists($"sys/class/net/{name}/bridge")) return;
        Refuse(findings, "network",
            _root.DirectoryExists($"sys/class/net/{name}")
                ? $"The host interface '{name}' is not a bridge: a VM can be plugged into a bridge only."
                : $"The host has no network interface '{name}'.",
            "Create a bridge with your network manager (NetworkManager: nmcli connection add type bridge ifname br0, then add the wired interface as its port), " +
            "or use the NAT network 'default'.");
    }

    private static void Refuse(List<VmCreationFinding> findings, string subject, string message, string? whatToDo) =>
        findings.Add(new VmCreationFinding { Severity = FindingSeverity.Refusal, Subject = subject, Message = message, WhatToDo = whatToDo });

    private static void Warn(List<VmCreationFinding> findings, string subject, string message, string? whatToDo) =>
        findings.Add(new VmCreationFinding { Severity = FindingSeverity.Warning, Subject = subject, Message = message, WhatToDo = whatToDo });

    private static void Inform(List<VmCreationFinding> findings, string subject, string message) =>
        findings.Add(new VmCreationFinding { Severity = FindingSeverity.Info, Subject = subject, Message = message });
}
