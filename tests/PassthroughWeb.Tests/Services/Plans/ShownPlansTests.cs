using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Services.Plans;

namespace PassthroughWeb.Tests.Services.Plans;

/// <summary>
/// A plan shown by one process is found by a later one through the data directory, exactly as it was shown, for a
/// week; the files are private and only an id this app makes is ever used as a file name.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ShownPlansTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);
    private readonly string _data = Directory.CreateTempSubdirectory("shown-plans-").FullName;
    private readonly AdjustableTime _time = new(Monday);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private sealed class AdjustableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private const string DebianGrub =
        """
        GRUB_DEFAULT=0
        GRUB_TIMEOUT=5
        GRUB_DISTRIBUTOR=`( . /etc/os-release; echo ${NAME:-Debian} ) 2>/dev/null || echo Debian`
        GRUB_CMDLINE_LINUX_DEFAULT="quiet"
        GRUB_CMDLINE_LINUX=""

        """;

    private static ChangePlan Plan(string grubOnHost = DebianGrub) => new()
    {
        Steps = ["host", "isolate"],
        Summary = "Turn on the IOMMU and bind 0000:07:00.0 to vfio-pci",
        Files =
        [
            new FileChange { Path = "/etc/default/grub", Before = grubOnHost, After = grubOnHost.Replace("\"quiet\"", "\"quiet amd_iommu=on iommu=pt\"", StringComparison.Ordinal), Reason = "turn on the IOMMU" },
            new FileChange { Path = "/etc/modprobe.d/vfio.conf", Before = null, After = "options vfio-pci ids=10de:2684,10de:22ba\n", Mode = (UnixFileMode)0b110_100_100, Reason = "bind the card" },
        ],
        Commands = [new CommandStep(new CommandRequest("update-grub", []), "regenerate grub.cfg"), new CommandStep(new CommandRequest("update-initramfs", ["-u", "-k", "all"]), "rebuild the initramfs")],
    };

    private static PlanIdentity Identity(string grubOnHost = DebianGrub) =>
        PlanIdentity.Of("workstation", new PciAddress(0, 0x07, 0, 0), Plan(grubOnHost), [new PlanInput("extras", "0000:07:00.1")]);

    private ShownPlans Store() => new(_data, _time);

    [Fact]
    public async Task Save_ThenFindInAnotherInstance_GivesThePlanAsShown()
    {
        var identity = Identity();
        await Store().SaveAsync(identity, "alice", Ct);

        var found = await Store().FindAsync(identity.Id, Ct);

        Assert.NotNull(found);
        Assert.Equal(identity.Id, found.Id);
        Assert.Equal("workstation", found.Host);
        Assert.Equal(new PciAddress(0, 0x07, 0, 0), found.Identity.Gpu);
        Assert.Equal(["host", "isolate"], found.Identity.Steps);
        Assert.Equal(identity.Parts, found.Identity.Parts);
        Assert.Equal(Monday, found.ShownAt);
        Assert.Equal("alice", found.ShownTo);
    }

    [Fact]
    public async Task PlanOfNoCard_IsFoundWithNoCard()
    {
        var vm = new ChangePlan
        {
            Steps = ["vm"],
            Summary = "Define win11",
            Files = [],
            Commands = [],
            Domains = [new DomainChange { Connection = "qemu:///system", Name = "win11", Before = null, After = "<domain type='kvm'><name>win11</name></domain>", Reason = "define the VM", NewVolume = new DiskVolume { Pool = "default", Name = "win11.qcow2", CapacityBytes = 128L << 30 } }],
        };
        var identity = PlanIdentity.Of("workstation", null, vm);
        await Store().SaveAsync(identity, null, Ct);

        var found = await Store().FindAsync(identity.Id, Ct);

        Assert.Null(found?.Identity.Gpu);
        Assert.Null(found?.ShownTo);
        Assert.Equal(identity.Parts, found?.Identity.Parts);
        Assert.Empty(PlanIdentity.Compare(found!.Identity, PlanIdentity.Of("workstation", null, vm)));
    }

    [Fact]
    public async Task FoundPlan_ComparedWithTheHostNow_NamesTheFileThatChanged()
    {
        var shown = await Store().SaveAsync(Identity(), "alice", Ct);
        var found = await Store().FindAsync(shown.Id, Ct);

        var now = Identity(DebianGrub.Replace("GRUB_TIMEOUT=5", "GRUB_TIMEOUT=10", StringComparison.Ordinal));

        Assert.Equal(["/etc/default/grub changed on the host since the plan was shown"], PlanIdentity.Compare(found!.Identity, now));
    }

    [Fact]
    public async Task Save_WritesAPrivateFileNamedByTheId_AndLeavesNoTemporaryFile()
    {
        var shown = await Store().SaveAsync(Identity(), "alice", Ct);

        var directory = Path.Combine(_data, "plans");
        Assert.Equal([Path.Combine(directory, shown.Id + ".json")], Directory.GetFiles(directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, shown.Id + ".json")));
        Assert.Contains("\"kind\": \"FileBefore\"", await File.ReadAllTextAsync(Path.Combine(directory, shown.Id + ".json"), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_UnknownId_IsNull()
    {
        await Store().SaveAsync(Identity(), "alice", Ct);

        Assert.Null(await Store().FindAsync("pl_0123456789abcdef01234567", Ct));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("pl_0123456789abcdef01234567/../../evil")]
    [InlineData("/tmp/evil")]
    public async Task Find_TextThatIsNoPlanId_IsNeverUsedAsAPath(string id)
    {
        // A valid record planted outside plans/: reading it would mean a user's text chose the file.
        var shown = await Store().SaveAsync(Identity(), "alice", Ct);
        File.Copy(Path.Combine(_data, "plans", shown.Id + ".json"), Path.Combine(_data, "evil.json"));

        Assert.Null(await Store().FindAsync(id, Ct));
    }

    [Fact]
    public async Task Find_RecordUnderAnotherPlansName_IsNull()
    {
        var shown = await Store().SaveAsync(Identity(), "alice", Ct);
        const string other = "pl_0123456789abcdef01234567";
        File.Copy(Path.Combine(_data, "plans", shown.Id + ".json"), Path.Combine(_data, "plans", other + ".json"));

        Assert.Null(await Store().FindAsync(other, Ct));
    }

    [Fact]
    public async Task Find_AfterTheRetention_IsNull()
    {
        var shown = await Store().SaveAsync(Identity(), "alice", Ct);

        _time.Now = Monday.AddDays(6);
        Assert.NotNull(await Store().FindAsync(shown.Id, Ct));
        _time.Now = Monday.AddDays(7).AddMinutes(1);
        Assert.Null(await Store().FindAsync(shown.Id, Ct));
    }

    [Fact]
    public async Task Save_ShownAgain_KeepsThePlanForAnotherWeek()
    {
        var first = await Store().SaveAsync(Identity(), "alice", Ct);
        _time.Now = Monday.AddDays(5);
        await Store().SaveAsync(Identity(), "bob", Ct);

        _time.Now = Monday.AddDays(10);
        var found = await Store().FindAsync(first.Id, Ct);

        Assert.Equal("bob", found?.ShownTo);
        Assert.Equal(Monday.AddDays(5), found?.ShownAt);
    }

    [Fact]
    public async Task Save_PrunesExpiredRecordsAndOldLeftovers_KeepsRecentOnes()
    {
        var store = Store();
        var old = await store.SaveAsync(Identity(), "alice", Ct);
        var directory = Path.Combine(_data, "plans");
        var leftover = Path.Combine(directory, ".pl_0123456789abcdef01234567.json.0f1e2d3c.tmp");
        var damaged = Path.Combine(directory, "pl_76543210fedcba9876543210.json");
        await File.WriteAllTextAsync(leftover, "{\"identity\":", Ct);
        await File.WriteAllTextAsync(damaged, "{\"identity\":", Ct);
        File.SetLastWriteTimeUtc(leftover, Monday.UtcDateTime);
        File.SetLastWriteTimeUtc(damaged, Monday.UtcDateTime);
        _time.Now = Monday.AddDays(3);
        var recent = await store.SaveAsync(Identity(DebianGrub.Replace("GRUB_TIMEOUT=5", "GRUB_TIMEOUT=3", StringComparison.Ordinal)), "alice", Ct);

        _time.Now = Monday.AddDays(8);
        var newest = await store.SaveAsync(Identity(DebianGrub.Replace("GRUB_TIMEOUT=5", "GRUB_TIMEOUT=1", StringComparison.Ordinal)), "alice", Ct);

        Assert.Equal(
            new[] { newest.Id + ".json", recent.Id + ".json" }.Order(StringComparer.Ordinal),
            Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(directory, old.Id + ".json")));
    }
}
