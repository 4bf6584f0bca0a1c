using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.History;
using PassthroughWeb.Data;

namespace PassthroughWeb.Tests.Data;

/// <summary>
/// The audit trail's one query on both providers (the data directory's SQLite file and a real PostgreSQL server): four
/// change sets and four events of two hosts, five of them at the same instant, so that paging must break ties (change
/// sets before events, then by key, newest first). Newest first the trail is: C, e4 (08:01); D, B, A, e2, e1 (08:00); e3 (07:00).
/// </summary>
[Collection(Scaling.FleetServersCollection.Name)]
public sealed class AuditTrailStoreTests(AuditTrailStoreTests.Trails trails) : IClassFixture<AuditTrailStoreTests.Trails>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.Parse("a0000000-0000-4000-8000-000000000001");
    private static readonly Guid B = Guid.Parse("b0000000-0000-4000-8000-000000000002");
    private static readonly Guid C = Guid.Parse("c0000000-0000-4000-8000-000000000003");
    private static readonly Guid D = Guid.Parse("d0000000-0000-4000-8000-000000000004");

    /// <summary>
    /// The trail above, written once per provider for the tests that only read it (a database of its own costs a
    /// PostgreSQL migration); a test that adds to it takes a new one.
    /// </summary>
    public sealed class Trails(Scaling.FleetServers servers) : IAsyncDisposable
    {
        private readonly Dictionary<DatabaseProvider, Task<Trail>> _shared = [];
        private readonly List<Trail> _made = [];

        public Task<Trail> SharedAsync(DatabaseProvider provider)
        {
            lock (_shared)
            {
                if (!_shared.TryGetValue(provider, out var trail)) _shared[provider] = trail = NewAsync(provider);
                return trail;
            }
        }

        public async Task<Trail> NewAsync(DatabaseProvider provider)
        {
            var trail = new Trail(await Scaling.TestDatabase.CreateAsync(provider, servers));
            lock (_made) _made.Add(trail);
            await trail.WriteAsync();
            return trail;
        }

        public ValueTask DisposeAsync()
        {
            foreach (var trail in _made) trail.Database.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>One database holding the trail, and the names of its entries by id.</summary>
    public sealed class Trail(Scaling.TestDatabase database)
    {
        private readonly Dictionary<string, string> _names = [];

        public Scaling.TestDatabase Database { get; } = database;

        internal async Task WriteAsync()
        {
            await using var db = await Database.OpenAsync(CancellationToken.None);
            AddSet(db, A, 1, T0, "workstation", "host,isolate", "olivia", ChangeSetState.Applied);
            AddSet(db, B, 2, T0, "workstation", "isolate", "alice", ChangeSetState.Failed);
            AddSet(db, C, 3, T0.AddMinutes(1), "gpu-node-017", "vm", "olivia", ChangeSetState.RolledBack);
            AddSet(db, D, 4, T0, "workstation", "host", "olivia", ChangeSetState.Applied);
            await db.SaveChangesAsync();
            // Added one by one, so their ids are 1 to 4 in this order.
            await AddEventAsync(db, "e1", "verification", T0, "workstation", "olivia", false, A);
            await AddEventAsync(db, "e2", "rehearsal", T0, "workstation", "alice", true, null);
            await AddEventAsync(db, "e3", "vm-shutdown", T0.AddHours(-1), "gpu-node-017", "olivia", null, null);
            await AddEventAsync(db, "e4", "guest-drivers-done", T0.AddMinutes(1), "gpu-node-017", "olivia", true, null);
            foreach (var (id, name) in new[] { (A, "A"), (B, "B"), (C, "C"), (D, "D") }) _names[id.ToString("D")] = name;
        }

        public string Name(AuditEntry entry) => entry.Kind == AuditEntryKind.ChangeSet ? _names[entry.Id] : _names[$"event {entry.Id}"];

        public async Task AddEventAsync(PassthroughDbContext db, string name, string kind, DateTimeOffset at, string host, string user, bool? passed, Guid? set)
        {
            var id = await new StepHistoryStore(db).AddEventAsync(new HistoryEventRecord
            {
                HostName = host, Kind = kind, At = at, User = user, Passed = passed, ChangeSetId = set, Summary = $"{kind} on {host}.",
            }, CancellationToken.None);
            _names[$"event {id}"] = name;
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 1)]
    [InlineData(DatabaseProvider.Sqlite, 2)]
    [InlineData(DatabaseProvider.Sqlite, 3)]
    [InlineData(DatabaseProvider.Sqlite, 500)]
    [InlineData(DatabaseProvider.PostgreSql, 1)]
    [InlineData(DatabaseProvider.PostgreSql, 2)]
    [InlineData(DatabaseProvider.PostgreSql, 3)]
    [InlineData(DatabaseProvider.PostgreSql, 500)]
    public async Task PageAsync_WalkedPageByPage_ListsEveryEntryOnceInOrderAcrossEqualTimestamps(DatabaseProvider provider, int pageSize)
    {
        var trail = await trails.SharedAsync(provider);

        var pages = await WalkAsync(trail, AuditFilter.None, pageSize);

        Assert.Equal(["C", "e4", "D", "B", "A", "e2", "e1", "e3"], pages.SelectMany(p => p));
        Assert.All(pages[..^1], page => Assert.Equal(pageSize, page.Count));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PageAsync_LastPage_HasNoNextCursor(DatabaseProvider provider)
    {
        var page = await PageAsync(await trails.SharedAsync(provider), AuditFilter.None, null, 8);

        Assert.Equal(8, page.Entries.Count);
        Assert.Null(page.Next);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PageAsync_EntryAddedAfterTheFirstPage_DoesNotShiftTheNextPage(DatabaseProvider provider)
    {
        var trail = await trails.NewAsync(provider);
        var first = await PageAsync(trail, AuditFilter.None, null, 3);
        await using (var db = await trail.Database.OpenAsync(CancellationToken.None))
            await trail.AddEventAsync(db, "e5", "verification", T0.AddMinutes(5), "workstation", "olivia", true, D);

        var second = await PageAsync(trail, AuditFilter.None, first.Next, 3);

        Assert.Equal(["B", "A", "e2"], second.Entries.Select(trail.Name));
    }

    private static readonly (string Query, string[] Expected)[] FilterCases =
    [
        ("outcome=failed", ["B", "e1"]),
        ("outcome=applied", ["D", "A"]),
        ("outcome=passed", ["e4", "e2"]),
        ("outcome=recorded", ["e3"]),
        ("outcome=rolled-back", ["C"]),
        // A verification belongs to its change set's steps; a rehearsal without a set to steps 2 and 3.
        ("step=isolate", ["B", "A", "e2", "e1"]),
        ("step=host", ["D", "A", "e2", "e1"]),
        ("step=vm", ["C", "e3"]),
        ("step=guest", ["e4"]),
        ("host=gpu-node-017", ["C", "e4", "e3"]),
        ("user=alice", ["B", "e2"]),
        ("host=workstation&user=olivia&outcome=applied", ["D", "A"]),
        ("from=2026-12-01T08:00:00Z&to=2026-12-01T08:01:00Z", ["D", "B", "A", "e2", "e1"]),
        ("to=2026-11-30", []),
    ];

    public static TheoryData<DatabaseProvider, string, string[]> Filters()
    {
        var data = new TheoryData<DatabaseProvider, string, string[]>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql })
        {
            foreach (var (query, expected) in FilterCases) data.Add(provider, query, expected);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task PageAsync_Filtered_ListsOnlyTheEntriesThatMatch(DatabaseProvider provider, string query, string[] expected)
    {
        var words = query.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        Assert.True(AuditFilter.TryParse(words.GetValueOrDefault("host"), words.GetValueOrDefault("step"), words.GetValueOrDefault("user"),
            words.GetValueOrDefault("outcome"), words.GetValueOrDefault("from"), words.GetValueOrDefault("to"), out var filter, out var problems), string.Join(' ', problems));

        // Pages of one entry: the filter and the cursor work together.
        Assert.Equal(expected, (await WalkAsync(await trails.SharedAsync(provider), filter, 1)).SelectMany(p => p));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PageAsync_ChangeSet_CarriesThePlanSummaryAndWhyItFailed(DatabaseProvider provider)
    {
        var page = await PageAsync(await trails.SharedAsync(provider), new AuditFilter { Outcome = AuditOutcome.Failed, Host = "workstation", Step = "isolate" }, null, 50);

        var failed = page.Entries[0];
        Assert.Equal(("change-set", "alice", AuditEntryKind.ChangeSet, B), (failed.What, failed.User, failed.Kind, failed.ChangeSetId));
        Assert.Equal(["isolate"], failed.Steps);
        Assert.Equal("Put 0000:01:00.0 on vfio-pci. Failed: update-initramfs -u -k all exited with 1.", failed.Summary);
        var verification = page.Entries[1];
        Assert.Equal(("verification", AuditOutcome.Failed, A), (verification.What, verification.Outcome, verification.ChangeSetId));
        Assert.Equal(["host", "isolate"], verification.Steps);
    }

    private static async Task<List<List<string>>> WalkAsync(Trail trail, AuditFilter filter, int pageSize)
    {
        var pages = new List<List<string>>();
        AuditCursor? after = null;
        do
        {
            var page = await PageAsync(trail, filter, after, pageSize);
            if (page.Entries.Count > 0) pages.Add([.. page.Entries.Select(trail.Name)]);
            after = page.Next;
            Assert.True(pages.Count < 20, "Paging does not end.");
        }
        while (after is not null);
        return pages;
    }

    private static async Task<AuditPage> PageAsync(Trail trail, AuditFilter filter, AuditCursor? after, int pageSize)
    {
        await using var db = await trail.Database.OpenAsync(CancellationToken.None);
        return await new AuditTrailStore(db).PageAsync(filter, after, pageSize, TestContext.Current.CancellationToken);
    }

    private static void AddSet(PassthroughDbContext db, Guid id, long sequence, DateTimeOffset at, string host, string steps, string user, ChangeSetState state) =>
        db.ChangeSets.Add(new ChangeSetRecord
        {
            Id = id, Sequence = sequence, HostName = host, Steps = steps, User = user, CreatedAt = at, CompletedAt = at.AddSeconds(3), State = state.ToString(), RootPath = "/",
            PlanJson = ChangeSetJson.Serialize(new ChangePlan { Steps = steps.Split(','), Summary = "Put 0000:01:00.0 on vfio-pci.", Files = [], Commands = [] }),
            FilesJson = "[]", CommandsJson = "[]",
            ErrorJson = state == ChangeSetState.Failed ? ChangeSetJson.Serialize(new ChangeError { Message = "update-initramfs -u -k all exited with 1." }) : null,
        });
}
