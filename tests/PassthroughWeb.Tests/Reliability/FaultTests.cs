using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Core.Tests.Steps;
using PassthroughWeb.Data;
using PassthroughWeb.Tests.Cli;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Reliability;

/// <summary>
/// What real machines do to an apply of steps 2+3 on the guide's workstation: a full file system under the host, an
/// immutable file, a database another process holds locked, a data directory on a read-only mount. Each ends with an
/// error that says what happened, the host exactly as it was, and (where the database can be written) a history entry.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FaultTests : IDisposable
{
    private const string Both = "host,isolate";
    private static readonly string Gpu = SampleWorkstation.GuestGpu.ToString();
    private readonly GuideWorkstation _host = new();
    private readonly TemporaryDataDirectory _data = new();
    private readonly List<Action> _cleanUp = [];

    public void Dispose()
    {
        foreach (var action in Enumerable.Reverse(_cleanUp)) action();
        _host.Dispose();
        _data.Dispose();
    }

    private Task<CliRun> Apply(string root) => CliRun.RunAsync("apply", "--gpu", Gpu, "--steps", Both, "--root", root, "--yes", "--data", _data.Path);

    private async Task<JsonElement> HistoryAsync(string root)
    {
        var run = await CliRun.RunAsync("history", "--root", root, "--json", "--data", _data.Path);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        return JsonDocument.Parse(run.StandardOutput).RootElement;
    }

    [Fact]
    public async Task Apply_FileSystemOfTheHostFull_FailsSayingSoAndLeavesEveryFileAsItWas()
    {
        var mount = MountTmpfs("8m");
        var root = Path.Combine(mount, "root");
        await CrashWorkspace.RunToolAsync("cp", "-a", _host.Path, root);
        var filler = Path.Combine(mount, "filler");
        Fill(filler);
        var before = TreeSnapshot.Take(root);

        var run = await Apply(root);

        Assert.True(run.ExitCode == ExitCodes.ChangeFailed, run.ToString());
        Assert.Contains("No space left on device", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("could not be written", run.StandardError, StringComparison.Ordinal);
        // The file whose write failed still holds its old bytes: putting it back (another write) is not even tried.
        Assert.DoesNotContain("Undoing it was not complete", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(TreeSnapshot.Take(root).DifferencesFrom(before));
        var set = Assert.Single((await HistoryAsync(root)).GetProperty("changeSets").EnumerateArray());
        Assert.Equal("failed", set.GetProperty("state").GetString());
        Assert.Contains("No space left on device", set.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_ImmutableFile_FailsNamingItAndLeavesEveryFileAsItWas()
    {
        var grub = _host.MachinePath("etc/default/grub");
        // The immutable flag is the file system's: ext4, xfs and btrfs have it, tmpfs and overlayfs (many CI containers) do not.
        if (Tool("chattr", "+i", grub) is { } refused) Assert.Skip($"This file system has no immutable flag (chattr +i: {refused}); a read-only file is tested below.");
        _cleanUp.Add(() => Tool("chattr", "-i", grub));
        var before = TreeSnapshot.Take(_host.Path);

        var run = await Apply(_host.Path);

        Assert.True(run.ExitCode is ExitCodes.ChangeFailed or ExitCodes.Refused, run.ToString());
        Assert.Contains("/etc/default/grub", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("could not be written: permission denied", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(TreeSnapshot.Take(_host.Path).DifferencesFrom(before));
        if (run.ExitCode == ExitCodes.ChangeFailed)
            Assert.Equal("failed", Assert.Single((await HistoryAsync(_host.Path)).GetProperty("changeSets").EnumerateArray()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Apply_ReadOnlyFileAsRoot_WrittenKeepingItsMode()
    {
        // Root writes a 0444 file as any other (the rename replaces it); only its mode must survive.
        var grub = _host.MachinePath("etc/default/grub");
        File.SetUnixFileMode(grub, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = await File.ReadAllTextAsync(grub, TestContext.Current.CancellationToken);

        var run = await Apply(_host.Path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(grub));
        Assert.NotEqual(before, await File.ReadAllTextAsync(grub, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Apply_DatabaseLockedByAnotherProcess_FailsSayingSoAndChangesNothing()
    {
        Assert.Equal(ExitCodes.Success, (await HistoryAsync(_host.Path)).ValueKind == JsonValueKind.Object ? ExitCodes.Success : -1);
        var before = TreeSnapshot.Take(_host.Path);
        // sqlite3's `BEGIN EXCLUSIVE` in another process: a shell left open in a transaction.
        var holder = Process.Start(new ProcessStartInfo("sqlite3") { ArgumentList = { PassthroughDatabase.PathIn(_data.Path) }, RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        _cleanUp.Add(() =>
        {
            if (!holder.HasExited) holder.Kill();
            holder.WaitForExit();
            holder.Dispose();
        });
        await holder.StandardInput.WriteLineAsync("BEGIN EXCLUSIVE; SELECT 'holding';");
        await holder.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
        Assert.Equal("holding", await holder.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

        var clock = Stopwatch.StartNew();
        var run = await Apply(_host.Path);

        Assert.True(run.ExitCode == ExitCodes.DataDirectoryUnusable, run.ToString() + $"\n(after {clock.Elapsed.TotalSeconds:F0} s)");
        Assert.Contains("another process holds it locked", run.StandardError, StringComparison.Ordinal);
        Assert.Contains(PassthroughDatabase.PathIn(_data.Path), run.StandardError, StringComparison.Ordinal);
        Assert.Empty(TreeSnapshot.Take(_host.Path).DifferencesFrom(before));
    }

    [Fact]
    public async Task Apply_DataDirectoryOnReadOnlyMount_FailsNamingItAndChangesNothing()
    {
        Assert.Equal(JsonValueKind.Object, (await HistoryAsync(_host.Path)).ValueKind);
        if (Tool("mount", "--bind", _data.Path, _data.Path) is { } refused) Assert.Skip($"A bind mount cannot be made here (needs root and CAP_SYS_ADMIN): {refused}");
        _cleanUp.Add(() => Tool("umount", _data.Path));
        await CrashWorkspace.RunToolAsync("mount", "-o", "remount,bind,ro", _data.Path);
        var before = TreeSnapshot.Take(_host.Path);

        var run = await Apply(_host.Path);

        Assert.True(run.ExitCode is ExitCodes.DataDirectoryUnusable or ExitCodes.Refused, run.ToString());
        Assert.Contains(_data.Path, run.StandardError, StringComparison.Ordinal);
        Assert.Contains("read-only", run.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(TreeSnapshot.Take(_host.Path).DifferencesFrom(before));
    }

    /// <summary>A tmpfs of <paramref name="size"/> on a new directory, unmounted on dispose.</summary>
    private string MountTmpfs(string size)
    {
        var directory = Directory.CreateTempSubdirectory("pw-fault-tmpfs-").FullName;
        _cleanUp.Add(() => Directory.Delete(directory, recursive: true));
        var mounted = Tool("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", directory);
        if (mounted is not null) Assert.Skip($"A tmpfs cannot be mounted here (needs root and CAP_SYS_ADMIN): {mounted}");
        _cleanUp.Add(() => Tool("umount", directory));
        return directory;
    }

    /// <summary>Writes zeros into <paramref name="path"/> until the file system says it is full.</summary>
    private static void Fill(string path)
    {
        var block = new byte[4096];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true) file.Write(block);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Runs a tool of this machine; null when it succeeded, else what it said.</summary>
    private static string? Tool(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : error.Trim();
    }
}
