using PassthroughWeb.Core.BootLoaders;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Tests.BootLoaders;

public sealed class GrubDefaultsEditorTests
{
    private static readonly IommuParameterSet Intel = IommuParameters.For(CpuVendor.Intel, IommuExtras.None);
    private static readonly IommuParameterSet Amd = IommuParameters.For(CpuVendor.Amd, IommuExtras.None);

    [Theory]
    [InlineData("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash\"\n", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash intel_iommu=on iommu=pt\"\n")]
    [InlineData("GRUB_CMDLINE_LINUX_DEFAULT='quiet splash'\n", "GRUB_CMDLINE_LINUX_DEFAULT='quiet splash intel_iommu=on iommu=pt'\n")]
    [InlineData("GRUB_CMDLINE_LINUX_DEFAULT=quiet\n", "GRUB_CMDLINE_LINUX_DEFAULT=quiet\\ intel_iommu=on\\ iommu=pt\n")]
    [InlineData("GRUB_CMDLINE_LINUX_DEFAULT=\n", "GRUB_CMDLINE_LINUX_DEFAULT=intel_iommu=on\\ iommu=pt\n")]
    [InlineData("GRUB_CMDLINE_LINUX_DEFAULT=\"\"", "GRUB_CMDLINE_LINUX_DEFAULT=\"intel_iommu=on iommu=pt\"")]
    [InlineData("export GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"  # keep quiet\n", "export GRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=on iommu=pt\"  # keep quiet\n")]
    [InlineData("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet \\\n  splash\"\n", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet \\\n  splash intel_iommu=on iommu=pt\"\n")]
    [InlineData("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet \"'splash'\n", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet \"'splash intel_iommu=on iommu=pt'\n")]
    public async Task Edit_QuotingStyle_KeptAndBashReadsEachParameterOnce(string before, string expected)
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", before);

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Intel);

        Assert.Null(edit.Problem);
        Assert.Equal(expected, Assert.Single(edit.Files).After);
        fixture.Apply(edit.Files);
        var words = TextChecks.Words(await TextChecks.SourceAsync([fixture.MachinePath("etc/default/grub")], "GRUB_CMDLINE_LINUX_DEFAULT"));
        Assert.Equal(1, TextChecks.Count(words, "intel_iommu=on"));
        Assert.Equal(1, TextChecks.Count(words, "iommu=pt"));
    }

    [Fact]
    public void Edit_ConflictingParameterTwiceWithBlanksBetween_BothRemovedOnce()
    {
        // Each removed copy takes the blanks beside it; the two removals meet in the middle and must merge.
        using var fixture = new FixtureRoot().With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT='amd_iommu=off   amd_iommu=off   quiet'\n");

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Amd);

        Assert.Null(edit.Problem);
        // The blanks after the second copy stay: harmless to the shell, and the edit stays minimal.
        Assert.Equal("GRUB_CMDLINE_LINUX_DEFAULT='   quiet iommu=pt'\n", Assert.Single(edit.Files).After);
    }

    [Fact]
    public async Task Edit_EscapedCharacters_KeptAndValueReadsBack()
    {
        const string Before = "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet acpi_osi=\\\"Windows 2015\\\" dyndbg=\\$x\"\n";
        using var fixture = new FixtureRoot().With("etc/default/grub", Before);
        var path = fixture.MachinePath("etc/default/grub");
        var old = await TextChecks.SourceAsync([path], "GRUB_CMDLINE_LINUX_DEFAULT");

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Intel);
        fixture.Apply(edit.Files);

        Assert.Equal("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet acpi_osi=\\\"Windows 2015\\\" dyndbg=\\$x intel_iommu=on iommu=pt\"\n", Assert.Single(edit.Files).After);
        Assert.Equal(old.TrimEnd() + " intel_iommu=on iommu=pt ", await TextChecks.SourceAsync([path], "GRUB_CMDLINE_LINUX_DEFAULT"));
    }

    [Fact]
    public async Task Edit_QuotedParameterIntoEachQuoting_BashReadsItBackWhole()
    {
        var set = new IommuParameterSet { Wanted = [new WantedParameter { Parameter = KernelParameter.Parse("acpi_osi=\"Windows 2020\""), Explanation = "test" }] };
        foreach (var line in new[] { "V=\"quiet\"", "V='quiet'", "V=quiet" })
        {
            using var fixture = new FixtureRoot().With("etc/default/grub", line.Replace("V=", "GRUB_CMDLINE_LINUX_DEFAULT=", StringComparison.Ordinal) + "\n");
            var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), set);
            fixture.Apply(edit.Files);

            Assert.Equal("quiet acpi_osi=\"Windows 2020\" ", await TextChecks.SourceAsync([fixture.MachinePath("etc/default/grub")], "GRUB_CMDLINE_LINUX_DEFAULT"));
        }
    }

    [Fact]
    public async Task Edit_ConflictingIntelIommuOff_ReplacedInPlaceAndNoted()
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", "# keep\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=off splash\"\nGRUB_CMDLINE_LINUX=\"\"\n");

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Intel);

        Assert.Equal("# keep\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=on splash iommu=pt\"\nGRUB_CMDLINE_LINUX=\"\"\n", Assert.Single(edit.Files).After);
        Assert.Contains(edit.Notes, n => n.Contains("intel_iommu=off is replaced by intel_iommu=on", StringComparison.Ordinal) && n.Contains("line 2", StringComparison.Ordinal));
        fixture.Apply(edit.Files);
        var words = TextChecks.Words(await TextChecks.SourceAsync([fixture.MachinePath("etc/default/grub")], "GRUB_CMDLINE_LINUX", "GRUB_CMDLINE_LINUX_DEFAULT"));
        Assert.DoesNotContain("intel_iommu=off", words);
    }

    [Fact]
    public void Edit_IommuOffAndAmdIommuOffOnAmd_ReplacedAndRemoved()
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"amd_iommu=off quiet iommu=off\"\n");

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Amd);

        Assert.Equal("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet iommu=pt\"\n", Assert.Single(edit.Files).After);
        Assert.Contains(edit.Notes, n => n.StartsWith("amd_iommu=off is removed", StringComparison.Ordinal));
        Assert.Contains(edit.Notes, n => n.StartsWith("iommu=off is replaced by iommu=pt", StringComparison.Ordinal));
    }

    [Fact]
    public void Edit_ConflictInsideReferencedVariable_ReplacedWhereItIsWritten()
    {
        const string Before = "CPU=\"intel_iommu=off isolcpus=2,3\" # tuned\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet $CPU\"\n";
        using var fixture = new FixtureRoot().With("etc/default/grub", Before);

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Intel);

        Assert.Equal("CPU=\"intel_iommu=on isolcpus=2,3\" # tuned\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet $CPU iommu=pt\"\n", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void Edit_ParameterAlreadyThroughVariableReference_NotAddedAgain()
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", "IOMMU='intel_iommu=on iommu=pt'\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet ${IOMMU}\"\n");

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Intel);

        Assert.Null(edit.Problem);
        Assert.False(edit.Changes);
    }

    [Fact]
    public void Edit_CommentedOutAssignment_IgnoredAndActiveOneEdited()
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", "#GRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=on iommu=pt\"\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n");

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Intel);

        Assert.Equal("#GRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=on iommu=pt\"\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=on iommu=pt\"\n", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void Edit_MissingVariable_OneLineAddedAfterGrubCmdlineLinux()
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", "GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX=\"crashkernel=auto\"\nGRUB_DISABLE_RECOVERY=\"true\"");

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Intel);

        Assert.Equal("GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX=\"crashkernel=auto\"\nGRUB_CMDLINE_LINUX_DEFAULT=\"intel_iommu=on iommu=pt\"\nGRUB_DISABLE_RECOVERY=\"true\"", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void Edit_MissingFile_CreatedWithOneLine()
    {
        using var fixture = new FixtureRoot();

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Amd);

        var file = Assert.Single(edit.Files);
        Assert.True(file.Creates);
        Assert.Equal("GRUB_CMDLINE_LINUX_DEFAULT=\"iommu=pt\"\n", file.After);
        Assert.NotNull(file.Mode);
    }

    [Fact]
    public void Edit_IommuParametersKeptInGrubCmdlineLinux_AddedThere()
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"intel_iommu=on\"\n");

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Intel);

        Assert.Equal("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"intel_iommu=on iommu=pt\"\n", Assert.Single(edit.Files).After);
    }

    [Fact]
    public void Edit_DropInSetsTheValueLast_DropInEdited()
    {
        using var fixture = new FixtureRoot()
            .With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash\"\n")
            .With("etc/default/grub.d/50-cloudimg-settings.cfg", "GRUB_CMDLINE_LINUX_DEFAULT=\"console=tty1 console=ttyS0\"\n")
            .With("etc/default/grub.d/10-early.cfg", "GRUB_CMDLINE_LINUX_DEFAULT=\"ignored\"\n")
            .With("etc/default/grub.d/README", "GRUB_CMDLINE_LINUX_DEFAULT=\"not sourced\"\n");

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Amd);

        var file = Assert.Single(edit.Files);
        Assert.Equal("/etc/default/grub.d/50-cloudimg-settings.cfg", file.Path);
        Assert.Equal("GRUB_CMDLINE_LINUX_DEFAULT=\"console=tty1 console=ttyS0 iommu=pt\"\n", file.After);
    }

    [Fact]
    public void Edit_ConditionalAppendInDropIn_MainAssignmentEdited()
    {
        using var fixture = new FixtureRoot()
            .With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n")
            .With("etc/default/grub.d/kali-themes.cfg", "if ! echo \"$GRUB_CMDLINE_LINUX_DEFAULT\" | grep -q splash; then\n    GRUB_CMDLINE_LINUX_DEFAULT=\"$GRUB_CMDLINE_LINUX_DEFAULT splash\"\nfi\n");

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Amd);

        var file = Assert.Single(edit.Files);
        Assert.Equal("/etc/default/grub", file.Path);
        Assert.Equal("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet iommu=pt\"\n", file.After);
    }

    [Fact]
    public void Edit_SetOnlyInsideCondition_RefusedWithTheLine()
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", "if [ -e /x ]; then\n  GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nfi\n");

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Amd);

        Assert.Contains("only inside a condition", edit.Problem, StringComparison.Ordinal);
        Assert.Contains("line 2", edit.Problem, StringComparison.Ordinal);
        Assert.Empty(edit.Files);
    }

    [Fact]
    public void Edit_UnterminatedQuote_RefusedNotGuessed()
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\n");

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Amd);

        Assert.Contains("never closed", edit.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Edit_ConflictBuiltFromCommandOutput_RefusedWithInstruction()
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=$(echo off)\"\n");

        var edit = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Intel);

        Assert.Null(edit.Problem);
        Assert.True(edit.Changes);
        using var conflicting = new FixtureRoot().With("etc/default/grub", "OFF=off\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet intel_iommu=$OFF\"\n");
        var refused = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(conflicting.Root), Intel);
        Assert.Contains("Replace it with intel_iommu=on", refused.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Edit_AppliedTwice_SecondChangesNothing()
    {
        using var fixture = new FixtureRoot().With("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT='quiet iommu=off'\n");

        var first = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Intel);
        fixture.Apply(first.Files);
        var second = GrubDefaultsEditor.Edit(GrubDefaultsEditor.ReadFiles(fixture.Root), Intel);

        Assert.True(first.Changes);
        Assert.False(second.Changes);
        Assert.Null(second.Problem);
    }

    [Fact]
    public void IsBlsEnabled_QuotedOrBareTrue_True()
    {
        Assert.True(GrubDefaultsEditor.IsBlsEnabled([new ConfigFile(GrubDefaultsEditor.MainFile, "GRUB_ENABLE_BLSCFG=\"true\"")]));
        Assert.True(GrubDefaultsEditor.IsBlsEnabled([new ConfigFile(GrubDefaultsEditor.MainFile, "GRUB_ENABLE_BLSCFG=true\n")]));
        Assert.False(GrubDefaultsEditor.IsBlsEnabled([new ConfigFile(GrubDefaultsEditor.MainFile, "#GRUB_ENABLE_BLSCFG=true\n")]));
    }
}
