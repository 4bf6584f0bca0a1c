namespace PassthroughWeb.Core.Host;

/// <summary>
/// A file of this machine's temporary directory that lives as long as the object: the way to hand a program content
/// it only takes as a file (<c>virsh define FILE</c>; the command runner has no standard input). Readable by root only,
/// as domain XML can hold secrets (VNC passwords), and deleted on dispose.
/// </summary>
public sealed class TemporaryFile : IDisposable
{
    private TemporaryFile(string path) => Path = path;

    /// <summary>The machine path of the file (never under a host root: the program runs on this machine).</summary>
    public string Path { get; }

    public static TemporaryFile Create(string content, string extension)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("The app runs on Linux hosts only.");
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"passthroughweb-{Guid.NewGuid():N}{extension}");
        using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            writer.Write(content);
        }
        return new TemporaryFile(path);
    }

    public void Dispose() => HostFiles.TryDelete(Path);
}
