using System.Text;
using PassthroughWeb.Core.Events;

namespace PassthroughWeb.Core.Tests.Events;

public sealed class HostEventLogTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("event-log-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static FileWritten Written(string path, string origin) => new()
    {
        Host = "workstation",
        At = new DateTimeOffset(2026, 12, 6, 22, 0, 0, TimeSpan.Zero),
        User = "alice",
        ChangeSetId = Guid.Parse("6f1c2d3e-4b5a-4978-8a9b-0c1d2e3f4a5b"),
        Path = path,
        Bytes = 1234,
        Origin = origin,
    };

    [Fact]
    public void TwoProcessesOnOneDataDirectory_EachReadsOnlyTheOthersEvents()
    {
        var web = HostEventLog.InDataDirectory(_data);
        var cli = HostEventLog.InDataDirectory(_data);
        var webReader = web.OpenReader("web");
        var cliReader = cli.OpenReader("cli");

        Assert.True(cli.TryAppend(Written("/etc/default/grub", "cli")));
        Assert.True(web.TryAppend(Written("/etc/modprobe.d/vfio.conf", "web")));
        Assert.True(cli.TryAppend(new CommandFinished { Host = "workstation", Command = "update-grub", ExitCode = 0, Status = "succeeded", Phase = "apply", Origin = "cli" }));

        var atWeb = webReader.ReadNew();
        Assert.Equal(Written("/etc/default/grub", "cli"), atWeb[0]);
        Assert.Equal("update-grub", Assert.IsType<CommandFinished>(atWeb[1]).Command);
        Assert.Equal(2, atWeb.Count);
        Assert.Equal(["/etc/modprobe.d/vfio.conf"], cliReader.ReadNew().Cast<FileWritten>().Select(e => e.Path));
        Assert.Empty(webReader.ReadNew());
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Log_IsPrivateToTheApp()
    {
        var log = HostEventLog.InDataDirectory(_data);
        log.TryAppend(Written("/etc/default/grub", "cli"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(log.Directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(log.Directory, "feed-000001.jsonl")));
    }

    [Fact]
    public void ALineStillBeingWritten_IsReadOnlyOnceComplete()
    {
        var log = HostEventLog.InDataDirectory(_data);
        var reader = log.OpenReader("web");
        var line = HostEventJson.Serialize(Written("/etc/default/grub", "cli")) + "\n";
        var file = Path.Combine(log.Directory, "feed-000001.jsonl");

        File.AppendAllText(file, line[..20]);
        Assert.Empty(reader.ReadNew());
        File.AppendAllText(file, line[20..^1]);
        Assert.Empty(reader.ReadNew());
        File.AppendAllText(file, "\n");

        Assert.Equal(Written("/etc/default/grub", "cli"), Assert.Single(reader.ReadNew()));
    }

    [Fact]
    public void GarbageAndUnknownLines_AreSkipped()
    {
        var log = HostEventLog.InDataDirectory(_data);
        var reader = log.OpenReader("web");
        var file = Path.Combine(log.Directory, "feed-000001.jsonl");

        File.AppendAllText(file, "not json\n{\"type\":\"from-a-newer-version\",\"host\":\"workstation\"}\n\n{\"host\":\"workstation\"}\n");
        log.TryAppend(Written("/etc/default/grub", "cli"));

        Assert.Equal(["/etc/default/grub"], reader.ReadNew().Cast<FileWritten>().Select(e => e.Path));
        Assert.Equal(3, reader.SkippedLines);
    }

    [Fact]
    public void AReaderOpenedLater_StartsAtTheEnd_UnlessAskedForEverything()
    {
        var log = HostEventLog.InDataDirectory(_data);
        log.TryAppend(Written("/etc/default/grub", "cli"));

        Assert.Empty(log.OpenReader("web").ReadNew());
        Assert.Single(log.OpenReader("web", fromStart: true).ReadNew());
    }

    [Fact]
    public void OverTheLimit_TheNextWriterStartsANewGeneration_ReadersFollowAndOldOnesAreDeleted()
    {
        var log = HostEventLog.InDataDirectory(_data, maxBytes: 1024);
        var reader = log.OpenReader("web");
        var paths = Enumerable.Range(0, 40).Select(i => $"/etc/modprobe.d/{i:D2}.conf").ToList();

        var read = new List<string>();
        foreach (var path in paths)
        {
            Assert.True(log.TryAppend(Written(path, "cli")));
            read.AddRange(reader.ReadNew().Cast<FileWritten>().Select(e => e.Path));
        }

        Assert.Equal(paths, read);
        var files = Directory.GetFiles(log.Directory).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(2, files.Count);
        Assert.True(string.CompareOrdinal(files[0], "feed-000003.jsonl") > 0, string.Join(", ", files));
        Assert.All(files, f => Assert.True(new FileInfo(Path.Combine(log.Directory, f!)).Length < 1024 + 400));
    }

    [Fact]
    public async Task ManyWritersAtOnce_NoLineIsLostOrTorn()
    {
        const int perWriter = 2_000;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var log = HostEventLog.InDataDirectory(_data);
            for (var i = 0; i < perWriter; i++) Assert.True(log.TryAppend(Written($"/etc/{w}/{i}", $"writer-{w}")));
        }, Ct)).ToList();
        await Task.WhenAll(writers);

        var reader = HostEventLog.InDataDirectory(_data).OpenReader("web", fromStart: true);
        var events = reader.ReadNew();

        Assert.Equal(4 * perWriter, events.Count);
        Assert.Equal(0, reader.SkippedLines);
        foreach (var group in events.GroupBy(e => e.Origin))
            Assert.Equal(Enumerable.Range(0, perWriter).Select(i => $"/etc/{group.Key![^1]}/{i}"), group.Cast<FileWritten>().Select(e => e.Path));
    }

    [Fact]
    public async Task AFeedWritingThrough_ReachesAnotherProcesssFeedThroughFollow()
    {
        var cliFeed = new HostEventFeed(new HostEventFeedOptions { Origin = "cli", Log = HostEventLog.InDataDirectory(_data) });
        var webFeed = new HostEventFeed(new HostEventFeedOptions { Origin = "web", Log = HostEventLog.InDataDirectory(_data) });
        var reader = HostEventLog.InDataDirectory(_data).OpenReader(webFeed.Origin);
        using var subscription = webFeed.Subscribe("workstation", Ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var following = reader.FollowAsync(webFeed, TimeSpan.FromMilliseconds(50), TimeProvider.System, stop.Token);

        webFeed.Publish(new HostOnline { Host = "workstation" });
        cliFeed.Publish(new ChangeSetApplied { Host = "workstation", User = "alice" });

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // Polled every 50 ms here; the margin is for a loaded test machine.
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var seen = new List<HostEvent>();
        await foreach (var hostEvent in subscription.Changes.WithCancellation(timeout.Token))
        {
            seen.Add(hostEvent);
            if (seen.Count == 2) break;
        }
        await stop.CancelAsync();
        await following;

        Assert.Equal(("web", "cli"), (seen[0].Origin, seen[1].Origin));
        Assert.Equal("alice", Assert.IsType<ChangeSetApplied>(seen[1]).User);
        Assert.Equal([1L, 2L], seen.Select(e => e.Sequence));
        Assert.Equal(0, webFeed.LogFailures);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_data, "events", "feed-000001.jsonl")).Length);
    }

    [Fact]
    public void Json_HasTheTypeFirstAndCamelCase_AndRoundTrips()
    {
        var written = Written("/etc/default/grub", "cli") with { Sequence = 7 };

        var json = HostEventJson.Serialize(written);

        Assert.StartsWith("{\"type\":\"file-written\",", json, StringComparison.Ordinal);
        Assert.Contains("\"changeSetId\":\"6f1c2d3e-4b5a-4978-8a9b-0c1d2e3f4a5b\"", json, StringComparison.Ordinal);
        Assert.Contains("\"path\":\"/etc/default/grub\",\"bytes\":1234", json, StringComparison.Ordinal);
        Assert.Equal(written, HostEventJson.Deserialize(json));
        var output = new CommandOutput { Host = "workstation", Command = "update-grub", Stream = Core.Host.CommandOutputStream.StandardError, Line = "Found linux image" };
        Assert.Contains("\"stream\":\"stderr\"", HostEventJson.Serialize(output), StringComparison.Ordinal);
        Assert.Equal(output, HostEventJson.Deserialize(Encoding.UTF8.GetBytes("{\"line\":\"Found linux image\",\"type\":\"command-output\",\"host\":\"workstation\",\"command\":\"update-grub\",\"stream\":\"stderr\"}")));
    }
}
