using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;
using PassthroughWeb.Core.Scanning;
using PassthroughWeb.Core.Steps;
using PassthroughWeb.Data;

namespace PassthroughWeb.Services.Operations;

/// <summary>After the reboot: checks that steps 2 and 3 of the latest applied change set hold, and records the result. Needs the Operator role.</summary>
public sealed class VerifyOperation(IDbContextFactory<PassthroughDbContext> databases, TimeProvider time, IHostEventPublisher events, ILogger<VerifyOperation> logger)
{
    public async Task<StepVerifyResult> VerifyAsync(StepHost host, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Operator, "verify changes") is { } denied)
            return new StepVerifyResult { Outcome = StepVerifyOutcome.NotAllowed, Message = denied.Message };
        if (host.IsImported) return new StepVerifyResult { Outcome = StepVerifyOutcome.NothingToVerify, Message = ImportedHosts.ReadOnly(host.Name) };
        var user = actor.Name;
        ChangeSetRecord? record;
        await using (var db = await databases.CreateDbContextAsync(ct))
        {
            var applied = nameof(ChangeSetState.Applied);
            record = (await new StepHistoryStore(db).ListChangeSetsAsync(host.Name, ct)).FirstOrDefault(s => s.State == applied && s.ExpectationsJson is not null);
        }
        if (record is null)
            return new StepVerifyResult { Outcome = StepVerifyOutcome.NothingToVerify, Message = $"{host.Name} has no applied change set of steps 2 or 3 to verify." };
        if (host.IsAgent)
            return new StepVerifyResult { Outcome = StepVerifyOutcome.Failed, ChangeSetId = record.Id, Message = host.AgentChangesUnavailable };
        if (!Directory.Exists(host.Root))
            return new StepVerifyResult { Outcome = StepVerifyOutcome.Failed, ChangeSetId = record.Id, Message = $"The host root '{host.Root}' does not exist." };
        var root = new HostRoot(host.Root);
        var now = BootId.Read(root);
        if (record.BootId is not null && now == record.BootId)
            return new StepVerifyResult
            {
                Outcome = StepVerifyOutcome.RebootNeeded,
                ChangeSetId = record.Id,
                Message = root.IsSystemRoot
                    ? $"Change set {record.Id}, of {HostSteps.Describe(record.Steps)}, was applied in this boot: reboot the host, then verify."
                    // A copy of a host's files has no machine behind it: "reboot the host" would contradict the reboot banner.
                    : $"Change set {record.Id}, of {HostSteps.Describe(record.Steps)}, was applied to a copy of a host's files ({host.Root}), which has no machine to reboot: its boot id has not changed, so there is nothing to verify yet.",
            };
        var verification = await VerifyAndRecordAsync(record, root, user, automatic: false, ct);
        logger.LogInformation("Change set {ChangeSetId} of {Host} verified by {User} ({Method}): {Passed}", record.Id, host.Name, user, actor.Method, verification.Passed);
        return new StepVerifyResult
        {
            Outcome = verification.Passed ? StepVerifyOutcome.Passed : StepVerifyOutcome.Failed,
            ChangeSetId = record.Id,
            Verification = verification,
            Message = verification.Passed
                ? $"{Sentence(record.Steps)} of change set {record.Id} {(Single(record.Steps) ? "holds" : "hold")} after the reboot: {verification.Summary}"
                : $"{Sentence(record.Steps)} of change set {record.Id} {(Single(record.Steps) ? "does" : "do")} not hold after the reboot: {verification.Summary}",
        };
    }

    /// <summary>The steps in words at the start of a sentence: "Step 2 (IOMMU kernel parameters) and step 3 (vfio isolation)".</summary>
    private static string Sentence(string steps)
    {
        var words = HostSteps.Describe(steps);
        return words.Length > 0 ? char.ToUpperInvariant(words[0]) + words[1..] : words;
    }

    private static bool Single(string steps) => !steps.Contains(',', StringComparison.Ordinal);

    /// <summary>Verifies one applied change set against the host as it is now and records the result (also at start-up, automatically).</summary>
    internal async Task<StepVerification> VerifyAndRecordAsync(ChangeSetRecord record, HostRoot root, string user, bool automatic, CancellationToken ct)
    {
        var expectations = ChangeSetJson.Deserialize<StepExpectations>(record.ExpectationsJson!);
        var scan = await Task.Run(() => new HostScanner(time).Scan(root, record.HostName), ct);
        var verification = HostChangeVerifier.Verify(root, scan, expectations);
        await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
        await new StepHistoryStore(db).RecordVerificationAsync(record.Id, verification, time.GetUtcNow(), user, automatic, CancellationToken.None);
        events.Publish(new VerificationResult { Host = record.HostName, User = user, ChangeSetId = record.Id, Passed = verification.Passed, Summary = verification.Summary });
        return verification;
    }
}
