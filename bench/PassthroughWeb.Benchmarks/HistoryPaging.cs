using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.History;
using PassthroughWeb.Data;

namespace PassthroughWeb.Benchmarks;

/// <summary>
/// The history's paging on a SQLite database of N entries (default 100,000: change sets and events of 240 hosts over
/// two years, with bursts that share a timestamp). Measures, as the app runs them (a new context per page, as the
/// page and the API do): the first page, a deep page (after half the entries) and filtered pages, with
/// <see cref="AuditTrailStore"/> on the migrated schema; and in the same run two baselines: the same deep and filtered
/// pages read with OFFSET over a UNION of both tables, and the keyset query on the schema before the migration
/// <c>AuditTrailIndexes</c> (its indexes dropped, the old ones back). Median and 95th percentile of N runs each.
/// </summary>
public static class HistoryPaging
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var entries = int.Parse(Value(arguments, "--entries") ?? "100000", CultureInfo.InvariantCulture);
        var runs = int.Parse(Value(arguments, "--runs") ?? "30", CultureInfo.InvariantCulture);
        var work = Directory.CreateTempSubdirectory("passthroughweb-history-bench-");
        try
        {
            var fill = Stopwatch.StartNew();
            var data = Path.Combine(work.FullName, "current");
            await (await PassthroughDatabase.OpenAsync(data, CancellationToken.None)).DisposeAsync();
            var (sets, events) = await FillAsync(data, entries);
            Console.WriteLine($"{sets:N0} change sets and {events:N0} events written in {fill.Elapsed.TotalSeconds:F1} s; median and p95 of {runs} runs, a new context per page");

            var before = Path.Combine(work.FullName, "before");
            Directory.CreateDirectory(before);
            File.Copy(PassthroughDatabase.PathIn(data), PassthroughDatabase.PathIn(before));
            RestorePreviousIndexes(before);

            var half = await CursorAtAsync(data, AuditFilter.None, entries / 2);
            var host = new AuditFilter { Host = "gpu-node-017" };
            var failedOfHost = host with { Outcome = AuditOutcome.Failed };
            var isolateByOlivia = new AuditFilter { Step = "isolate", User = "olivia" };
            var month = new AuditFilter { From = Start.AddDays(600), To = Start.AddDays(631) };

            // Tiered JIT: EF Core's query pipeline runs unoptimised code for its first few dozen calls. Warm every path
            // first, so the first row is not charged for it.
            for (var i = 0; i < 60; i++)
            {
                await KeysetAsync(data, AuditFilter.None, null);
                await KeysetAsync(data, failedOfHost, null);
                await KeysetAsync(data, isolateByOlivia, half);
                await OffsetAsync(data, AuditFilter.None, 50);
            }

            Console.WriteLine("| page | keyset, indexes of AuditTrailIndexes | baseline: OFFSET over a UNION | baseline: keyset, indexes before the migration |");
            Console.WriteLine("|---|---:|---:|---:|");
            await RowAsync("first page, no filter", runs, data, before, AuditFilter.None, null, 0);
            await RowAsync($"deep page (after {entries / 2:N0} entries), no filter", runs, data, before, AuditFilter.None, half, entries / 2);
            await RowAsync("first page, host = gpu-node-017", runs, data, before, host, null, 0);
            await RowAsync("first page, host = gpu-node-017, outcome = failed", runs, data, before, failedOfHost, null, 0);
            await RowAsync("first page, step = isolate, user = olivia", runs, data, before, isolateByOlivia, null, 0);
            await RowAsync("first page, one month (from/to)", runs, data, before, month, null, 0);
            var hostDeep = await CursorAtAsync(data, host, 50);
            await RowAsync("2nd page, host = gpu-node-017", runs, data, before, host, hostDeep, 50);
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static readonly DateTimeOffset Start = new(2025, 1, 6, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] Users = ["olivia", "alice", "root", "victor", "ci-deploy", "marek", "sam", "priya"];
    private static readonly string[] StepSets = ["host,isolate", "host,isolate", "isolate", "host", "vm", "vm"];

    private static readonly string[] HostKinds = ["gpu-node", "workstation", "render", "lab-tower", "pve", "gaming-rig"];

    /// <summary>One of 1,440 hosts (240 of each kind): about 70 entries each at 100,000.</summary>
    private static string HostName(int i) => $"{HostKinds[i % HostKinds.Length]}-{i / HostKinds.Length:D3}";

    /// <summary>Writes the entries: 4 of 10 change sets, the rest events; one entry in 20 shares its second with the previous one.</summary>
    private static async Task<(int Sets, int Events)> FillAsync(string data, int count)
    {
        var random = new Random(42);
        var options = (DbContextOptions<PassthroughDbContext>)PassthroughDatabase.Configure(new DbContextOptionsBuilder<PassthroughDbContext>(), data).Options;
        var at = Start;
        int sets = 0, events = 0;
        var step = TimeSpan.FromDays(730).Ticks / count;
        for (var batch = 0; batch < count; batch += 5000)
        {
            await using var db = new PassthroughDbContext(options);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = batch; i < Math.Min(count, batch + 5000); i++)
            {
                if (random.Next(20) != 0) at = at.AddTicks(random.NextInt64(step / 2, step * 3 / 2));
                var host = HostName(random.Next(240 * 6));
                var user = Users[random.Next(Users.Length)];
                if (random.Next(10) < 4)
                {
                    var steps = StepSets[random.Next(StepSets.Length)];
                    var state = random.Next(100) switch { < 70 => ChangeSetState.Applied, < 82 => ChangeSetState.RolledBack, < 95 => ChangeSetState.Failed, _ => ChangeSetState.Interrupted };
                    db.ChangeSets.Add(new ChangeSetRecord
                    {
                        Id = Guid.NewGuid(), Sequence = ++sets, HostName = host, Steps = steps, User = user, CreatedAt = at, CompletedAt = at.AddSeconds(4),
                        State = state.ToString(), RootPath = "/", PlanJson = PlanJson(steps), FilesJson = "[]", CommandsJson = "[]",
                        ErrorJson = state == ChangeSetState.Failed ? ChangeSetJson.Serialize(new ChangeError { Message = "update-initramfs -u -k all exited with 1." }) : null,
                    });
                }
                else
                {
                    events++;
                    var kind = random.Next(5) switch { 0 => "rehearsal", 1 => "rollback", 2 => "vm-shutdown", 3 => "guest-drivers-done", _ => "verification" };
                    bool? passed = kind == "vm-shutdown" ? null : random.Next(10) < 8;
                    db.HistoryEvents.Add(new HistoryEventRecord
                    {
                        HostName = host, Kind = kind, At = at, User = user, Passed = passed,
                        Summary = $"{kind} on {host}: {(passed switch { true => "passed", false => "failed", null => "requested" })}.",
                    });
                }
            }
            await db.SaveChangesAsync();
        }
        return (sets, events);
    }

    private static readonly Dictionary<string, string> Plans = [];

    /// <summary>A plan of the size a real one has: GRUB's file before and after, and a modprobe file.</summary>
    private static string PlanJson(string steps)
    {
        if (Plans.TryGetValue(steps, out var json)) return json;
        const string grub = "GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"\"\n";
        var plan = new ChangePlan
        {
            Steps = steps.Split(','),
            Summary = $"Steps {steps}: turn the IOMMU on and put 0000:01:00.0 and 0000:01:00.1 on vfio-pci (1002:73ff, 1002:ab28).",
            Files =
            [
                new FileChange { Path = "/etc/default/grub", Before = grub, After = grub.Replace("quiet", "quiet amd_iommu=on iommu=pt", StringComparison.Ordinal), Reason = "Step 2: the IOMMU on the kernel command line." },
                new FileChange { Path = "/etc/modprobe.d/vfio.conf", Before = null, After = "options vfio-pci ids=1002:73ff,1002:ab28\nsoftdep amdgpu pre: vfio-pci\n", Reason = "Step 3: vfio-pci claims the card first." },
            ],
            Commands = [],
            NeedsReboot = steps != "vm",
        };
        return Plans[steps] = ChangeSetJson.Serialize(plan);
    }

    private static async Task<AuditCursor> CursorAtAsync(string data, AuditFilter filter, int position)
    {
        AuditCursor? cursor = null;
        for (var read = 0; read < position; read += AuditTrailStore.MaxPageSize)
        {
            await using var db = Open(data);
            cursor = (await new AuditTrailStore(db).PageAsync(filter, cursor, Math.Min(AuditTrailStore.MaxPageSize, position - read), CancellationToken.None)).Next;
        }
        return cursor ?? throw new InvalidOperationException("The database holds fewer entries than asked.");
    }

    private static PassthroughDbContext Open(string data) =>
        new((DbContextOptions<PassthroughDbContext>)PassthroughDatabase.Configure(new DbContextOptionsBuilder<PassthroughDbContext>(), data).Options);

    private static async Task RowAsync(string label, int runs, string data, string before, AuditFilter filter, AuditCursor? after, int offset)
    {
        var keyset = await TimeAsync(runs, () => KeysetAsync(data, filter, after));
        var offsetPaging = await TimeAsync(runs, () => OffsetAsync(data, filter, offset));
        var previous = await TimeAsync(runs, () => KeysetAsync(before, filter, after));
        // The baselines must list what the keyset query lists, or the comparison means nothing.
        var expected = await KeysetAsync(data, filter, after);
        var actual = await OffsetAsync(data, filter, offset);
        if (!expected.SequenceEqual(actual)) throw new InvalidOperationException($"OFFSET paging listed other entries than the keyset for '{label}'.");
        Console.WriteLine($"| {label} | {keyset} | {offsetPaging} | {previous} |");
    }

    private static async Task<IReadOnlyList<string>> KeysetAsync(string data, AuditFilter filter, AuditCursor? after)
    {
        await using var db = Open(data);
        var page = await new AuditTrailStore(db).PageAsync(filter, after, 50, CancellationToken.None);
        return [.. page.Entries.Select(e => $"{e.Kind}:{e.Key}")];
    }

    /// <summary>The page as an offset query would read it: both tables in one ordered UNION, LIMIT 50 OFFSET n.</summary>
    private static async Task<IReadOnlyList<string>> OffsetAsync(string data, AuditFilter filter, int offset)
    {
        await using var connection = new SqliteConnection(PassthroughDatabase.ConnectionStringFor(data));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var sets = new List<string>();
        var events = new List<string>();
        if (filter.Host is { } host)
        {
            sets.Add("HostName = $host");
            events.Add("HostName = $host");
            command.Parameters.AddWithValue("$host", host);
        }
        if (filter.User is { } user)
        {
            sets.Add("User = $user");
            events.Add("User = $user");
            command.Parameters.AddWithValue("$user", user);
        }
        if (filter.Step is { } step)
        {
            sets.Add("instr(',' || Steps || ',', $step) > 0");
            events.Add("(CASE WHEN ChangeSetId IS NOT NULL THEN EXISTS (SELECT 1 FROM ChangeSets s WHERE s.Id = HistoryEvents.ChangeSetId AND instr(',' || s.Steps || ',', $step) > 0) ELSE Kind IN (" +
                       string.Join(',', AuditSteps.KindsOf(step).Select(k => $"'{k}'")) + ") END)");
            command.Parameters.AddWithValue("$step", "," + step + ",");
        }
        if (filter.Outcome == AuditOutcome.Failed)
        {
            sets.Add("State = 'Failed'");
            events.Add("Passed = 0");
        }
        if (filter.From is { } from)
        {
            sets.Add("CreatedAt >= $from");
            events.Add("At >= $from");
            command.Parameters.AddWithValue("$from", from.UtcTicks);
        }
        if (filter.To is { } to)
        {
            sets.Add("CreatedAt < $to");
            events.Add("At < $to");
            command.Parameters.AddWithValue("$to", to.UtcTicks);
        }
        static string Where(List<string> terms) => terms.Count == 0 ? "" : " WHERE " + string.Join(" AND ", terms);
        command.CommandText =
            "SELECT Kind, Key FROM (" +
            "SELECT CreatedAt AS At, 1 AS Kind, Sequence AS Key, HostName, Steps, User, State, PlanJson AS Summary FROM ChangeSets" + Where(sets) +
            " UNION ALL SELECT At, 0, Id, HostName, Kind, User, Passed, Summary FROM HistoryEvents" + Where(events) +
            ") ORDER BY At DESC, Kind DESC, Key DESC LIMIT 50 OFFSET $offset";
        command.Parameters.AddWithValue("$offset", offset);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            keys.Add($"{(reader.GetInt32(0) == 1 ? AuditEntryKind.ChangeSet : AuditEntryKind.Event)}:{reader.GetInt64(1)}");
        return keys;
    }

    /// <summary>The schema before the migration AuditTrailIndexes: its indexes dropped, the two it replaced back.</summary>
    private static void RestorePreviousIndexes(string data)
    {
        using var connection = new SqliteConnection(PassthroughDatabase.ConnectionStringFor(data));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            DROP INDEX IX_ChangeSets_CreatedAt_Sequence; DROP INDEX IX_ChangeSets_HostName_CreatedAt_Sequence;
            DROP INDEX IX_ChangeSets_User_CreatedAt_Sequence; DROP INDEX IX_ChangeSets_State_CreatedAt_Sequence;
            DROP INDEX IX_HistoryEvents_At_Id; DROP INDEX IX_HistoryEvents_HostName_At_Id;
            DROP INDEX IX_HistoryEvents_User_At_Id; DROP INDEX IX_HistoryEvents_Passed_At_Id;
            CREATE INDEX IX_ChangeSets_HostName_CreatedAt ON ChangeSets (HostName, CreatedAt);
            CREATE INDEX IX_ChangeSets_State ON ChangeSets (State);
            CREATE INDEX IX_HistoryEvents_HostName_At ON HistoryEvents (HostName, At);
            """;
        command.ExecuteNonQuery();
    }

    private static async Task<string> TimeAsync(int runs, Func<Task> page)
    {
        for (var i = 0; i < 3; i++) await page();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await page();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return string.Create(CultureInfo.InvariantCulture, $"{times[times.Count / 2]:F1} ms (p95 {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:F1})");
    }

    private static string? Value(IReadOnlyList<string> arguments, string name)
    {
        for (var i = 0; i < arguments.Count - 1; i++)
            if (arguments[i] == name) return arguments[i + 1];
        return null;
    }
}
