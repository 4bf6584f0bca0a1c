using System.Text;
using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.Changes;

/// <summary>A real temporary host root, a backup directory beside it, a journal, and the three operations on them.</summary>
internal sealed class ChangeFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("changes-").FullName;

    /// <param name="journal">The journal to record in; an in-memory one when null.</param>
    public ChangeFixture(IChangeJournal? journal = null)
    {
        Directory.CreateDirectory(RootPath);
        Root = new HostRoot(RootPath);
        Journal = journal ?? new InMemoryChangeJournal();
    }

    public string RootPath => Path.Combine(_directory, "root");
    public string BackupDirectory => Path.Combine(_directory, "backups");
    public string Outside => _directory;
    public HostRoot Root { get; }
    public IChangeJournal Journal { get; }
    public ProcessCommandRunner Runner { get; } = new();

    public ChangeApplier Applier(CommandPolicy policy = CommandPolicy.SystemRootOnly, Func<ChangedFile, Task>? afterFileWritten = null, IHostEventPublisher? events = null) =>
        new(Root, Runner, Journal, TimeProvider.System, BackupDirectory, policy, events) { AfterFileWritten = afterFileWritten };

    public ChangeRollback Rollback(CommandPolicy policy = CommandPolicy.SystemRootOnly, IHostEventPublisher? events = null) =>
        new(Root, Runner, Journal, TimeProvider.System, policy, events);

    public InterruptedChangeRecovery Recovery(CommandPolicy policy = CommandPolicy.SystemRootOnly, IHostEventPublisher? events = null) =>
        new(Runner, Journal, TimeProvider.System, policy, events);

    public string MachinePath(string hostPath) => Path.Combine(RootPath, hostPath.TrimStart('/'));

    public void WriteBytes(string hostPath, byte[] content) => Root.WriteBytes(hostPath, content);

    public byte[]? ReadBytes(string hostPath) => File.Exists(MachinePath(hostPath)) ? File.ReadAllBytes(MachinePath(hostPath)) : null;

    /// <summary>A change against what the file holds now, as a planner would make it.</summary>
    public FileChange Change(string hostPath, Func<string, string> edit)
    {
        var bytes = ReadBytes(hostPath);
        var before = bytes is null ? null : new UTF8Encoding(false).GetString(bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes);
        return new FileChange { Path = hostPath, Before = before, After = edit(before ?? ""), Reason = "test" };
    }

    public static ChangePlan Plan(IReadOnlyList<FileChange> files, params CommandStep[] commands) =>
        new() { Steps = ["host"], Summary = "test plan", Files = files, Commands = commands };

    public static CommandStep Command(string program, params string[] arguments) => new(new CommandRequest(program, arguments), "test command");

    public async Task<string> StatAsync(string hostPath)
    {
        var result = await Runner.RunAsync(new CommandRequest("stat", ["-c", "%u:%g:%a", MachinePath(hostPath)]), CancellationToken.None);
        Assert.True(result.Succeeded, result.StandardError);
        return result.StandardOutput.Trim();
    }

    public async Task RunAsync(string program, params string[] arguments)
    {
        var result = await Runner.RunAsync(new CommandRequest(program, arguments), CancellationToken.None);
        Assert.True(result.Succeeded, result.StandardError);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
