using System.Text.Json;
using System.Text.RegularExpressions;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Rehearsal;
using PassthroughWeb.Tests.Deployment;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// <c>rehearse</c> end to end on real argv: our planner's plan is built into an image by the real mkinitramfs and booted
/// by the real QEMU with Debian's kernel; the verb reports what the guest did, records it in the history, and
/// docs/cli.md says what it really prints. One boot serves every test here.
/// </summary>
[Collection(RehearseCommandCollection.Name)]
public sealed partial class RehearseCommandTests(RehearseCommandRun rehearsal)
{
    [Fact]
    public void Rehearse_TheCardAt04_PassesAndTheGuestHasItOnVfioWhileTheOtherKeepsBochs()
    {
        Assert.True(rehearsal.Run.ExitCode == ExitCodes.Success, rehearsal.Run.ToString());
        var report = rehearsal.Report;
        Assert.Equal("passed", report.GetProperty("outcome").GetString());
        Assert.Equal("initramfs-tools", report.GetProperty("initramfsSystem").GetString());
        Assert.Equal("intel", report.GetProperty("iommu").GetString());
        Assert.Contains("intel_iommu=on", report.GetProperty("commandLine").GetString(), StringComparison.Ordinal);
        Assert.All(report.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean(), c.GetProperty("message").GetString()));
        var devices = report.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("address").GetString()!, d => d.GetProperty("driver").GetString());
        Assert.Equal("vfio-pci", devices["0000:00:04.0"]);
        Assert.Equal("bochs-drm", devices["0000:00:03.0"]);
        Assert.Contains(EvidenceScript.Marker + " end", report.GetProperty("consoleLog").GetString(), StringComparison.Ordinal);
        // Progress and the guest's console went to stderr, as they came.
        Assert.Contains("Building the rehearsal image with mkinitramfs", rehearsal.Run.StandardError, StringComparison.Ordinal);
        Assert.Contains("PWEVIDENCE device address=0000:00:04.0", rehearsal.Run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Rehearse_RecordsThePassedRehearsalInTheHistory()
    {
        Assert.True(rehearsal.History.ExitCode == ExitCodes.Success, rehearsal.History.ToString());
        var events = JsonDocument.Parse(rehearsal.History.StandardOutput).RootElement.GetProperty("events").EnumerateArray().ToList();
        var recorded = Assert.Single(events, e => e.GetProperty("kind").GetString() == "rehearsal");
        Assert.True(recorded.GetProperty("passed").GetBoolean());
        Assert.StartsWith("Rehearsal of steps host,isolate for 0000:00:04.0: The rehearsal passed", recorded.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rehearse_ChangesNothingUnderTheRoot()
    {
        // The plan writes /etc/default/grub, vfio.conf and the initramfs configuration: a rehearsal writes none of them.
        Assert.Equal("GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"\"\n",
            File.ReadAllText(Path.Combine(rehearsal.HostPath, "etc/default/grub")));
        Assert.False(File.Exists(Path.Combine(rehearsal.HostPath, "etc/modprobe.d/vfio.conf")));
        Assert.False(File.Exists(Path.Combine(rehearsal.HostPath, "etc/initramfs-tools/scripts/init-top/00-vfio-bind")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(rehearsal.HostPath, "boot"), "initrd*"));
    }

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [Fact]
    public void RehearseJsonExample_HasExactlyTheFieldsRehearsePrints()
    {
        var docs = RepositoryFiles.ReadText("docs/cli.md");
        var section = docs[docs.IndexOf("### `rehearse`", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n### ", 3, StringComparison.Ordinal)];
        var example = JsonDocument.Parse(JsonBlock().Match(section).Groups[1].Value).RootElement;

        Assert.Equal(JsonFieldPaths.Of(example), JsonFieldPaths.Of(rehearsal.Report));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RehearseCommandCollection : ICollectionFixture<RehearseCommandRun>
{
    public const string Name = "Rehearse command";
}
