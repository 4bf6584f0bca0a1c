using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Data;

/// <summary>
/// The app's own data: the hosts it knows, their hardware profiles, the change sets and events of their history, and
/// who may sign in (Identity's user tables without its role tables: a user has exactly one role, a column), with
/// their access tokens. SQLite, one file per data directory, or PostgreSQL (<see cref="DatabaseLocation"/>): one model, each
/// provider with migrations of its own.
/// </summary>
public sealed class PassthroughDbContext(DbContextOptions<PassthroughDbContext> options) : IdentityUserContext<PassthroughUser>(options)
{
    public DbSet<ManagedHost> Hosts => Set<ManagedHost>();
    public DbSet<HardwareProfile> HardwareProfiles => Set<HardwareProfile>();
    public DbSet<ChangeSetRecord> ChangeSets => Set<ChangeSetRecord>();
    public DbSet<HistoryEventRecord> HistoryEvents => Set<HistoryEventRecord>();
    public DbSet<PlannedDeviceRecord> PlannedDevices => Set<PlannedDeviceRecord>();
    public DbSet<AccessTokenRecord> AccessTokens => Set<AccessTokenRecord>();
    public DbSet<SetupTokenRecord> SetupTokens => Set<SetupTokenRecord>();
    public DbSet<SignInSettingsRecord> SignInSettings => Set<SignInSettingsRecord>();
    public DbSet<Rollouts.RolloutRecord> Rollouts => Set<Rollouts.RolloutRecord>();
    public DbSet<Rollouts.RolloutHostRecord> RolloutHosts => Set<Rollouts.RolloutHostRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot compare or sort DateTimeOffset text in SQL; UTC ticks sort correctly and round-trip exactly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.Entity<PassthroughUser>(user =>
        {
            user.Property(u => u.Role).HasConversion<string>().HasMaxLength(16);
        });
        builder.Entity<ManagedHost>(host =>
        {
            // A default in the table too: ProfileWriter inserts local hosts with plain SQL.
            host.Property(h => h.Source).HasConversion<string>().HasMaxLength(16).HasDefaultValue(HostSource.Local).HasSentinel(HostSource.Local);
        });
        builder.Entity<AccessTokenRecord>(token =>
        {
            token.ToTable("AccessTokens");
            token.Property(t => t.Name).HasMaxLength(100);
            token.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
            token.Property(t => t.Hash).HasMaxLength(64);
            token.HasIndex(t => t.Hash).IsUnique();
            token.HasIndex(t => new { t.UserId, t.Name });
            token.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<SetupTokenRecord>(setup =>
        {
            setup.ToTable("SetupTokens");
            setup.Property(s => s.Hash).HasMaxLength(64);
            setup.HasIndex(s => s.Hash).IsUnique();
        });
        builder.Entity<SignInSettingsRecord>(settings =>
        {
            settings.ToTable("SignInSettings");
            settings.Property(s => s.Id).ValueGeneratedNever();
            settings.Property(s => s.UpdatedBy).HasMaxLength(256);
            settings.HasMany(s => s.HostGroupRoles).WithOne().HasForeignKey(g => g.SettingsId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<HostGroupRoleRecord>(mapping =>
        {
            mapping.ToTable("HostGroupRoles");
            mapping.Property(m => m.Group).HasMaxLength(32);
            mapping.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
            mapping.HasIndex(m => new { m.SettingsId, m.Group }).IsUnique();
        });
        builder.Entity<ManagedHost>(host =>
        {
            host.ToTable("Hosts");
            host.Property(h => h.Name).HasMaxLength(255);
            host.HasIndex(h => h.Name).IsUnique();
            host.HasMany(h => h.Profiles).WithOne(p => p.Host).HasForeignKey(p => p.HostId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<HardwareProfile>(profile =>
        {
            profile.ToTable("HardwareProfiles");
            profile.Property(p => p.CpuVendor).HasMaxLength(16);
            profile.HasIndex(p => new { p.HostId, p.TakenAt });
        });
        builder.Entity<ChangeSetRecord>(set =>
        {
            set.ToTable("ChangeSets");
            set.Property(s => s.Id).ValueGeneratedNever();
            set.Property(s => s.HostName).HasMaxLength(255);
            set.Property(s => s.State).HasMaxLength(32);
            // The audit trail's keyset paging (AuditTrailStore): newest first by (CreatedAt, Sequence), overall and for each
            // filter that is an equality, so every page is one range scan of one index.
            set.HasIndex(s => new { s.CreatedAt, s.Sequence });
            set.HasIndex(s => new { s.HostName, s.CreatedAt, s.Sequence });
            set.HasIndex(s => new { s.User, s.CreatedAt, s.Sequence });
            set.HasIndex(s => new { s.State, s.CreatedAt, s.Sequence });
        });
        builder.Entity<HistoryEventRecord>(entry =>
        {
            entry.ToTable("HistoryEvents");
            entry.Property(e => e.HostName).HasMaxLength(255);
            entry.Property(e => e.Kind).HasMaxLength(64);
            // As for change sets: newest first by (At, Id), overall and per host, user and outcome.
            entry.HasIndex(e => new { e.At, e.Id });
            entry.HasIndex(e => new { e.HostName, e.At, e.Id });
            entry.HasIndex(e => new { e.User, e.At, e.Id });
            entry.HasIndex(e => new { e.Passed, e.At, e.Id });
        });
        builder.Entity<PlannedDeviceRecord>(device =>
        {
            device.ToTable("PlannedDevices");
            device.Property(d => d.HostName).HasMaxLength(255);
            device.Property(d => d.Step).HasMaxLength(16);
            device.Property(d => d.Address).HasMaxLength(16);
            device.Property(d => d.VendorDevice).HasMaxLength(9);
            device.Property(d => d.SubsystemId).HasMaxLength(9);
            device.Property(d => d.Name).HasMaxLength(255);
            device.HasIndex(d => new { d.HostName, d.Step });
            device.HasIndex(d => d.ChangeSetId);
        });
        builder.Entity<Rollouts.RolloutRecord>(rollout =>
        {
            rollout.ToTable("Rollouts");
            rollout.Property(r => r.Id).HasMaxLength(32).ValueGeneratedNever();
            rollout.Property(r => r.Steps).HasMaxLength(32);
            rollout.Property(r => r.Gpu).HasMaxLength(16);
            rollout.Property(r => r.CreatedBy).HasMaxLength(256);
            rollout.Property(r => r.StartedBy).HasMaxLength(256);
            rollout.Property(r => r.State).HasMaxLength(16);
            rollout.Property(r => r.LeaseHolder).HasMaxLength(128);
            // The list (newest first) and the driver's resume (the running ones) at start-up.
            rollout.HasIndex(r => new { r.State, r.CreatedAt });
            rollout.HasIndex(r => r.CreatedAt);
            rollout.HasMany(r => r.Hosts).WithOne().HasForeignKey(h => h.RolloutId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Rollouts.RolloutHostRecord>(host =>
        {
            host.ToTable("RolloutHosts");
            host.Property(h => h.HostName).HasMaxLength(255);
            host.Property(h => h.State).HasMaxLength(32);
            host.Property(h => h.PlanId).HasMaxLength(32);
            host.HasIndex(h => new { h.RolloutId, h.Position }).IsUnique();
            host.HasIndex(h => h.HostName);
        });
    }

}
