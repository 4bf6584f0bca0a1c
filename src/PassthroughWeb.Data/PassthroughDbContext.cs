using Microsoft.EntityFrameworkCore;

namespace PassthroughWeb.Data;

/// <summary>The app's own data: the hosts it knows, their hardware profiles, and the change sets and events of their history. SQLite, one file per data directory.</summary>
public sealed class PassthroughDbContext(DbContextOptions<PassthroughDbContext> options) : DbContext(options)
{
    public DbSet<ManagedHost> Hosts => Set<ManagedHost>();
    public DbSet<HardwareProfile> HardwareProfiles => Set<HardwareProfile>();
    public DbSet<ChangeSetRecord> ChangeSets => Set<ChangeSetRecord>();
    public DbSet<HistoryEventRecord> HistoryEvents => Set<HistoryEventRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot compare or sort DateTimeOffset text in SQL; UTC ticks sort correctly and round-trip exactly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<ManagedHost>(host =>
        {
            host.ToTable("Hosts");
            host.Property(h => h.Name).HasMaxLength(255);
            host.HasIndex(h => h.Name).IsUnique();
            host.HasMany(h => h.Profiles).WithOne(p => p.Host).HasForeignKey(p => p.HostId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<HardwareProfile>(profile =>
        {
            profile.ToTable("HardwareProfiles");
            profile.Property(p => p.CpuVendor).HasMaxLength(16);
            profile.HasIndex(p => new { p.HostId, p.TakenAt });
        });
        modelBuilder.Entity<ChangeSetRecord>(set =>
        {
            set.ToTable("ChangeSets");
            set.Property(s => s.Id).ValueGeneratedNever();
            set.Property(s => s.HostName).HasMaxLength(255);
            set.Property(s => s.State).HasMaxLength(32);
            set.HasIndex(s => new { s.HostName, s.CreatedAt });
            set.HasIndex(s => s.State);
        });
        modelBuilder.Entity<HistoryEventRecord>(entry =>
        {
            entry.ToTable("HistoryEvents");
            entry.Property(e => e.HostName).HasMaxLength(255);
            entry.Property(e => e.Kind).HasMaxLength(64);
            entry.HasIndex(e => new { e.HostName, e.At });
        });
    }

}
