using System.Data.Common;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Data;

/// <summary>
/// Stores a scan exactly as <see cref="ProfileStore.SaveAsync(ScanReport, bool, CancellationToken)"/> does (same tables,
/// same columns, same host bookkeeping), with plain parameterized statements in one transaction. <c>scan</c> is a
/// verb people and scripts run often; EF Core would first build its model, which costs several times the scan
/// itself. The statements are plain SQL that SQLite and PostgreSQL both read (<c>@name</c> parameters, <c>RETURNING</c>,
/// no upsert, no <c>max()</c> of two values), so there is one text of each for both providers. The database must be
/// migrated first (<see cref="PassthroughDatabase.EnsureMigratedAsync(DatabaseLocation, CancellationToken, Action{string}?)"/>).
/// </summary>
public static class ProfileWriter
{
    // The host is added the first time its name is seen; later scans update its root and demo flag and move
    // LastSeen forward only (an older report stored late does not move it back), as ProfileStore does. Not an
    // upsert: SQLite's ON CONFLICT would spend a value of the AUTOINCREMENT sequence on every scan of a known host,
    // so host ids would differ from the ones EF Core gives. Times are UTC ticks, as UtcTicksConverter stores them.
    private const string FindHost = """SELECT "Id" FROM "Hosts" WHERE "Name" = @name""";

    private const string InsertHost =
        """
        INSERT INTO "Hosts" ("Name", "Root", "FirstSeen", "LastSeen", "IsDemo")
        VALUES (@name, @root, @scannedAt, @scannedAt, @isDemo)
        RETURNING "Id"
        """;

    private const string UpdateHost =
        """
        UPDATE "Hosts" SET "Root" = @root, "IsDemo" = @isDemo, "LastSeen" = CASE WHEN "LastSeen" < @scannedAt THEN @scannedAt ELSE "LastSeen" END
        WHERE "Id" = @id
        RETURNING "Id"
        """;

    private const string InsertProfile =
        """
        INSERT INTO "HardwareProfiles" ("HostId", "TakenAt", "ReportJson", "CpuVendor", "IommuEnabled", "GroupCount", "DeviceCount", "GpuCount")
        VALUES (@hostId, @takenAt, @reportJson, @cpuVendor, @iommuEnabled, @groupCount, @deviceCount, @gpuCount)
        RETURNING "Id"
        """;

    private const string SelectPlannedDevices =
        """
        SELECT "Step", "Address", "VendorDevice", "SubsystemId", "IommuGroup", "IsPassed", "Name", "ChangeSetId"
        FROM "PlannedDevices" WHERE "HostName" = @name
        """;

    /// <summary>What the host's applied steps stand on, as <see cref="PlannedDeviceStore.ListAsync"/> reads it: for drift after a scan.</summary>
    public static Task<IReadOnlyList<Core.Drift.DeviceExpectation>> ReadPlannedDevicesAsync(string dataDirectory, string hostName, CancellationToken ct) =>
        ReadPlannedDevicesAsync(DatabaseLocation.Sqlite(dataDirectory), hostName, ct);

    /// <inheritdoc cref="ReadPlannedDevicesAsync(string, string, CancellationToken)"/>
    public static async Task<IReadOnlyList<Core.Drift.DeviceExpectation>> ReadPlannedDevicesAsync(DatabaseLocation database, string hostName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = SelectPlannedDevices;
        select.Add("@name", hostName);
        var rows = new List<PlannedDeviceRecord>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new PlannedDeviceRecord
            {
                HostName = hostName,
                Step = reader.GetString(0),
                Address = reader.GetString(1),
                VendorDevice = reader.GetString(2),
                SubsystemId = reader.IsDBNull(3) ? null : reader.GetString(3),
                IommuGroup = reader.IsDBNull(4) ? null : reader.GetInt32(4),
                IsPassed = reader.GetBoolean(5),
                Name = reader.IsDBNull(6) ? null : reader.GetString(6),
                ChangeSetId = reader.GetGuid(7),
            });
        }
        return PlannedDeviceStore.ToExpectations(rows);
    }

    /// <summary>Stores <paramref name="report"/> as a new profile of its host in <paramref name="dataDirectory"/>; returns the profile's id.</summary>
    public static Task<int> SaveAsync(string dataDirectory, ScanReport report, bool isDemo, CancellationToken ct) =>
        SaveAsync(DatabaseLocation.Sqlite(dataDirectory), report, isDemo, ct);

    /// <inheritdoc cref="SaveAsync(string, ScanReport, bool, CancellationToken)"/>
    public static async Task<int> SaveAsync(DatabaseLocation database, ScanReport report, bool isDemo, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(report);
        var profile = ProfileStore.ProfileOf(report);
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(ct);

        await using var host = connection.CreateCommand();
        host.Transaction = transaction;
        host.CommandText = FindHost;
        host.Add("@name", report.HostName);
        var existing = await host.ExecuteScalarAsync(ct);
        host.CommandText = existing is null ? InsertHost : UpdateHost;
        host.Add("@root", report.Root);
        host.Add("@scannedAt", report.ScannedAt.UtcTicks);
        host.Add("@isDemo", isDemo);
        if (existing is not null) host.Add("@id", existing);
        var hostId = Convert.ToInt32(await host.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = InsertProfile;
        insert.Add("@hostId", hostId);
        insert.Add("@takenAt", profile.TakenAt.UtcTicks);
        insert.Add("@reportJson", profile.ReportJson);
        insert.Add("@cpuVendor", profile.CpuVendor);
        insert.Add("@iommuEnabled", profile.IommuEnabled);
        insert.Add("@groupCount", profile.GroupCount);
        insert.Add("@deviceCount", profile.DeviceCount);
        insert.Add("@gpuCount", profile.GpuCount);
        var profileId = Convert.ToInt32(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);

        await transaction.CommitAsync(ct);
        return profileId;
    }
}
