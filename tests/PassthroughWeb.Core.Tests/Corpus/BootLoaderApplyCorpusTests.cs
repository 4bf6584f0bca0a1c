using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Tests.BootLoaders;

namespace PassthroughWeb.Core.Tests.Corpus;

/// <summary>
/// Step 2's plans for real files, applied by the real change engine on a fixture root (regeneration commands are listed
/// as skipped there) and rolled back: the files come back byte for byte.
/// </summary>
public sealed class BootLoaderApplyCorpusTests
{
    public static TheoryData<string, string, string> RealFiles
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var name in BootLoaderCorpus.FileNames("grub")) data.Add("grub", name, "/etc/default/grub");
            foreach (var name in BootLoaderCorpus.FileNames("kernel-cmdline").Where(n => n.EndsWith(".cmdline", StringComparison.Ordinal)))
                data.Add("kernel-cmdline", name, "/etc/kernel/cmdline");
            foreach (var name in BootLoaderCorpus.FileNames("refind")) data.Add("refind", name, "/boot/refind_linux.conf");
            foreach (var name in BootLoaderCorpus.FileNames("limine")) data.Add("limine", name, name.EndsWith(".cfg", StringComparison.Ordinal) ? "/boot/limine.cfg" : "/boot/limine.conf");
            foreach (var name in new[] { "akissu-arch-vfio-pci-ids-comments.conf", "breakingspell-arch-luks-amd-iommu.conf", "Patricol-arch-without-extras.conf", "Regeneric-arch-zen-iommu-pt.conf", "c0pperlane-archarm-utf8-title.conf" })
            {
                if (BootLoaderCorpus.FileNames("systemd-boot").Contains(name)) data.Add("systemd-boot", name, "/boot/loader/entries/" + name);
            }
            if (data.Count == 0) data.Add("grub", "", "/etc/default/grub");
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(RealFiles))]
    public async Task ApplyThenRollback_RealFile_WrittenAsPlannedThenRestoredByteForByte(string folder, string name, string hostPath)
    {
        var text = BootLoaderCorpus.Read(folder, name);
        var work = Directory.CreateTempSubdirectory("passthroughweb-apply-").FullName;
        try
        {
            var root = Path.Combine(work, "root");
            Directory.CreateDirectory(root);
            var host = new HostRoot(root);
            host.WriteText(hostPath, text);
            if (folder == "kernel-cmdline") host.WriteText("/etc/kernel/install.conf", "layout=uki\n");
            if (folder == "systemd-boot") host.WriteText("/boot/loader/loader.conf", "timeout 3\n");
            var original = File.ReadAllBytes(host.Resolve(hostPath));
            var runner = new ProcessCommandRunner();
            var journal = new InMemoryChangeJournal();
            var vendor = folder == "grub" ? CpuVendor.Intel : CpuVendor.Amd;

            var result = KernelCommandLinePlanner.Plan(host, vendor, KernelCommandLineOptions.Default);
            Assert.True(result.Outcome == CommandLinePlanOutcome.Planned, result.Message);
            var plan = result.Plan!;
            var applied = await new ChangeApplier(host, runner, journal, TimeProvider.System, Path.Combine(work, "backups"))
                .ApplyAsync(plan, "fixture", "test", TestContext.Current.CancellationToken);

            if (plan.IsEmpty)
            {
                Assert.Equal(ApplyOutcome.NothingToDo, applied.Outcome);
                return;
            }
            Assert.True(applied.Outcome == ApplyOutcome.Applied, applied.Error?.ToString());
            Assert.Equal(plan.Commands.Count, applied.Commands.Count(c => c.Status == CommandStatus.Skipped));
            foreach (var file in plan.Files) Assert.Equal(file.After, File.ReadAllText(host.Resolve(file.Path)));
            Assert.True(KernelCommandLinePlanner.Plan(host, vendor, KernelCommandLineOptions.Default).Plan!.IsEmpty);

            var rolledBack = await new ChangeRollback(host, runner, journal, TimeProvider.System)
                .RollbackAsync(applied.ChangeSetId!.Value, force: false, TestContext.Current.CancellationToken);

            Assert.True(rolledBack.Outcome == RollbackOutcome.RolledBack, rolledBack.Error?.ToString());
            Assert.Equal(original, File.ReadAllBytes(host.Resolve(hostPath)));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
