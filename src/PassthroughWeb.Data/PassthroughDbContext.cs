using Microsoft.EntityFrameworkCore;

namespace PassthroughWeb.Data;

/// <summary>The app's own data: the hosts it knows and their hardware profiles. SQLite, one file per data directory.</summary>
public sealed class PassthroughDbContext(DbContextOptions<PassthroughDbContext> options) : DbContext(options)
{
    public DbSet<ManagedHost> Hosts => Set<ManagedHost>();
    public DbSet<HardwareProfile> HardwareProfiles => Set<HardwareProfile>();

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
    }

}
