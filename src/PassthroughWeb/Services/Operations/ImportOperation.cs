using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Import;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services.Operations;

/// <summary>
/// Keeps a listing of a host without the app (the guide's loop, <c>lspci -nnk</c>, <c>lspci -nn</c>) as a read-only
/// profile with verdicts. Needs the Operator role (it stores a profile). The page, the API and <c>import</c> all come here.
/// </summary>
public sealed class ImportOperation(IDbContextFactory<PassthroughDbContext> databases, TimeProvider time, IHostEventPublisher events, ILogger<ImportOperation> logger)
{
    public async Task<HostImportResult> ImportAsync(string hostName, string listing, string? sourceName, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "import hosts") is { } denied)
            return new HostImportResult { Outcome = HostImportOutcome.NotAllowed, Message = denied.Message, Denied = denied };
        hostName = (hostName ?? "").Trim();
        var imported = ListingImporter.Import(listing ?? "", hostName, time.GetUtcNow(), sourceName);
        if (imported.Report is not { } report)
            return new HostImportResult { Outcome = HostImportOutcome.Invalid, Message = "Nothing was imported. " + imported.Error!.Message };

        int? profileId;
        await using (var db = await databases.CreateDbContextAsync(ct))
        {
            profileId = await new ProfileStore(db).SaveImportAsync(report, ct);
        }
        if (profileId is null)
            return new HostImportResult
            {
                Outcome = HostImportOutcome.NameTaken,
                Message = $"Nothing was imported: '{hostName}' is a host this app scans itself or its agent reports, and an import never replaces a real scan. Import under another name.",
            };

        events.Publish(new ScanStored { Host = report.HostName, DeviceCount = report.Devices.Count, GpuCount = report.Gpus.Count, Source = "import" });
        logger.LogInformation("Imported profile {ProfileId} of {HostName} ({Format}, {DeviceCount} devices, {GpuCount} GPUs) by {User} ({Method})",
            profileId, report.HostName, report.Import!.Format, report.Devices.Count, report.Gpus.Count, actor.Name, actor.Method);
        return new HostImportResult
        {
            Outcome = HostImportOutcome.Imported,
            Message = $"Imported {report.Devices.Count} devices and {report.Gpus.Count} graphics card{(report.Gpus.Count == 1 ? "" : "s")} of {report.HostName} as profile #{profileId}: a read-only profile.",
            ProfileId = profileId,
            Report = report,
        };
    }
}
