using PassthroughWeb.Core.Tests.TestSupport;
using PassthroughWeb.Core.VirtualMachines.Creation;

namespace PassthroughWeb.Core.Tests.VirtualMachines.Creation;

/// <summary>OVMF found through QEMU's firmware descriptors (this machine's own, copied) and, without them, the distributions' known paths.</summary>
public sealed class OvmfFirmwareFinderTests
{
    [Fact]
    public void FindAll_DebiansDescriptors_ThreeBuildsInPriorityOrderWithTheirFeatures()
    {
        using var host = new NewVmHost();
        var problems = new List<string>();

        var builds = OvmfFirmwareFinder.FindAll(host.Root, problems);

        Assert.Empty(problems);
        Assert.Equal(
            [
                "/usr/share/qemu/firmware/40-edk2-x86_64-secure-enrolled.json secure=True enrolled=True smm=True",
                "/usr/share/qemu/firmware/50-edk2-x86_64-secure.json secure=True enrolled=False smm=True",
                "/usr/share/qemu/firmware/60-edk2-x86_64.json secure=False enrolled=False smm=False",
            ],
            builds.Select(b => $"{b.Source} secure={b.SecureBoot} enrolled={b.EnrolledKeys} smm={b.RequiresSmm}"));
        Assert.Equal(NewVmHost.DescriptorCode(["secure-boot", "enrolled-keys"], []), OvmfFirmwareFinder.Choose(builds, secureBoot: true)!.CodePath);
        Assert.Equal(NewVmHost.DescriptorCode([], ["secure-boot"]), OvmfFirmwareFinder.Choose(builds, secureBoot: false)!.CodePath);
    }

    [Fact]
    public void FindAll_EmptyFileInEtc_HidesTheDescriptorOfThatName()
    {
        using var host = new NewVmHost();
        host.Root.WriteText("etc/qemu/firmware/40-edk2-x86_64-secure-enrolled.json", "");

        var chosen = OvmfFirmwareFinder.Choose(OvmfFirmwareFinder.FindAll(host.Root, []), secureBoot: true)!;

        Assert.Equal(("/usr/share/qemu/firmware/50-edk2-x86_64-secure.json", true, false), (chosen.Source, chosen.SecureBoot, chosen.EnrolledKeys));
    }

    [Fact]
    public void FindAll_DescriptorInEtc_ReplacesTheOneOfThatName()
    {
        using var host = new NewVmHost();
        host.Root.WriteText("srv/ovmf/CODE.fd", "");
        host.Root.WriteText("srv/ovmf/VARS.fd", "");
        host.Root.WriteText("etc/qemu/firmware/60-edk2-x86_64.json", Descriptor("/srv/ovmf/CODE.fd", "/srv/ovmf/VARS.fd", "\"acpi-s3\""));

        var plain = OvmfFirmwareFinder.Choose(OvmfFirmwareFinder.FindAll(host.Root, []), secureBoot: false)!;

        Assert.Equal(("/srv/ovmf/CODE.fd", "/etc/qemu/firmware/60-edk2-x86_64.json"), (plain.CodePath, plain.Source));
    }

    [Fact]
    public void FindAll_BrokenAndForeignDescriptors_SkippedWithBrokenOnesNamed()
    {
        using var host = new TemporaryHostRoot();
        host.Root.WriteText("usr/share/ovmf/CODE.fd", "");
        host.Root.WriteText("usr/share/ovmf/VARS.fd", "");
        host.Root.WriteText("usr/share/qemu/firmware/10-broken.json", "{ \"interface-types\": [");
        host.Root.WriteText("usr/share/qemu/firmware/20-i440fx-only.json", Descriptor("/usr/share/ovmf/CODE.fd", "/usr/share/ovmf/VARS.fd", "", machines: "\"pc-i440fx-*\""));
        host.Root.WriteText("usr/share/qemu/firmware/30-tdx.json", Descriptor("/usr/share/ovmf/CODE.fd", "/usr/share/ovmf/VARS.fd", "\"intel-tdx\""));
        host.Root.WriteText("usr/share/qemu/firmware/40-missing-files.json", Descriptor("/usr/share/ovmf/GONE.fd", "/usr/share/ovmf/VARS.fd", ""));
        host.Root.WriteText("usr/share/qemu/firmware/50-good.json", Descriptor("/usr/share/ovmf/CODE.fd", "/usr/share/ovmf/VARS.fd", "\"secure-boot\", \"requires-smm\""));
        var problems = new List<string>();

        var builds = OvmfFirmwareFinder.FindAll(host.Root, problems);

        var only = Assert.Single(builds);
        Assert.Equal(("/usr/share/qemu/firmware/50-good.json", true, true), (only.Source, only.SecureBoot, only.RequiresSmm));
        Assert.Contains("/usr/share/qemu/firmware/10-broken.json is not valid JSON", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/usr/share/edk2/ovmf/OVMF_CODE.secboot.fd", "/usr/share/edk2/ovmf/OVMF_VARS.secboot.fd", "/usr/share/edk2/ovmf/OVMF_CODE.fd", "/usr/share/edk2/ovmf/OVMF_VARS.fd", true)]
    [InlineData("/usr/share/edk2/x64/OVMF_CODE.secboot.4m.fd", "/usr/share/edk2/x64/OVMF_VARS.4m.fd", "/usr/share/edk2/x64/OVMF_CODE.4m.fd", "/usr/share/edk2/x64/OVMF_VARS.4m.fd", false)]
    [InlineData("/usr/share/edk2-ovmf/x64/OVMF_CODE.secboot.fd", "/usr/share/edk2-ovmf/x64/OVMF_VARS.fd", "/usr/share/edk2-ovmf/x64/OVMF_CODE.fd", "/usr/share/edk2-ovmf/x64/OVMF_VARS.fd", false)]
    public void FindAll_NoDescriptors_FedoraAndArchPathsFound(string secureCode, string secureVars, string plainCode, string plainVars, bool enrolled)
    {
        using var host = new TemporaryHostRoot();
        foreach (var file in new[] { secureCode, secureVars, plainCode, plainVars }) host.Root.WriteText(file, "");

        var builds = OvmfFirmwareFinder.FindAll(host.Root, []);

        var secure = OvmfFirmwareFinder.Choose(builds, secureBoot: true)!;
        var plain = OvmfFirmwareFinder.Choose(builds, secureBoot: false)!;
        Assert.Equal((secureCode, secureVars, true, enrolled, true), (secure.CodePath, secure.VarsTemplatePath, secure.SecureBoot, secure.EnrolledKeys, secure.RequiresSmm));
        Assert.Equal((plainCode, plainVars, false), (plain.CodePath, plain.VarsTemplatePath, plain.SecureBoot));
    }

    [Fact]
    public void Choose_OnlyPlainUefi_Windows11StillGetsUefi()
    {
        using var host = new TemporaryHostRoot();
        host.Root.WriteText("/usr/share/OVMF/OVMF_CODE_4M.fd", "");
        host.Root.WriteText("/usr/share/OVMF/OVMF_VARS_4M.fd", "");

        var chosen = OvmfFirmwareFinder.Choose(OvmfFirmwareFinder.FindAll(host.Root, []), secureBoot: true);

        Assert.Equal("/usr/share/OVMF/OVMF_CODE_4M.fd", chosen!.CodePath);
        Assert.Null(OvmfFirmwareFinder.Choose([], secureBoot: true));
    }

    private static string Descriptor(string code, string vars, string features, string machines = "\"pc-q35-*\"") =>
        $$"""
        {
            "description": "test build",
            "interface-types": ["uefi"],
            "mapping": {
                "device": "flash",
                "executable": { "filename": "{{code}}", "format": "raw" },
                "nvram-template": { "filename": "{{vars}}", "format": "raw" }
            },
            "targets": [ { "architecture": "x86_64", "machines": [ {{machines}} ] } ],
            "features": [ {{features}} ],
            "tags": []
        }
        """;
}
