using System.Runtime.InteropServices;

namespace PassthroughWeb.Core.Host;

/// <summary>
/// The few system calls .NET does not expose: the owner of a file (statx), giving a file an owner (fchown), fsync of
/// a directory (so a rename survives a power loss), and access(2), which also reports a read-only file system to root.
/// statx is used rather than stat because its layout is the same on every architecture. Plain DllImport (not
/// LibraryImport) keeps the project free of unsafe code; every signature here marshals trivially.
/// </summary>
internal static class LibC
{
    public const int NoSuchFile = 2;
    public const int InvalidArgument = 22;
    public const int TooManySymlinks = 40;
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000;

    // O_NOFOLLOW differs between architectures: 0x8000 on ARM, 0x20000 on x86 and most others.
    private static readonly int NoFollow =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 ? 0x8000 : 0x20000;

    [ThreadStatic]
    private static byte[]? t_buffer;

    /// <summary>
    /// Reads a small file (sysfs attributes, proc files) with open/read/close and no exception for a missing one:
    /// a scan asks for many files that most devices lack. The last component is not followed when it is a symlink
    /// (the result is then -1 with errno ELOOP), so the caller can apply the host root's rules to it.
    /// Returns the bytes read into <paramref name="buffer"/>, or -1 with <paramref name="errno"/> set.
    /// </summary>
    public static int ReadSmallFile(string path, out byte[] buffer, out int errno)
    {
        buffer = t_buffer ??= new byte[4096];
        var fd = Open(path, ReadOnly | CloseOnExec | NoFollow);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return -1;
        }
        try
        {
            var total = 0;
            while (total < buffer.Length)
            {
                var read = (int)ReadAt(fd, buffer, total, buffer.Length - total);
                if (read < 0)
                {
                    errno = Marshal.GetLastPInvokeError();
                    return -1;
                }
                if (read == 0) break;
                total += read;
            }
            errno = 0;
            return total;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Where a symlink points, or null with errno EINVAL (not a link) or ENOENT (missing).</summary>
    public static string? ReadLink(string path, out int errno)
    {
        var buffer = new byte[4096];
        var length = (int)ReadLinkRaw(path, buffer, buffer.Length);
        if (length < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }
        errno = 0;
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>
    /// The names in a directory, straight from readdir(3), or null when it cannot be opened. .NET's own enumeration
    /// stats every symlink entry to learn whether it points at a directory; sysfs directories are full of symlinks,
    /// and the names are all a scan needs.
    /// </summary>
    public static List<string>? ReadDirectoryNames(string path)
    {
        var dir = OpenDir(path);
        if (dir == 0) return null;
        try
        {
            var names = new List<string>();
            nint entry;
            while ((entry = ReadDir(dir)) != 0)
            {
                // struct dirent on Linux/glibc (64-bit): d_ino 8, d_off 8, d_reclen 2, d_type 1, then d_name.
                var name = Marshal.PtrToStringUTF8(entry + 19);
                if (name is null or "." or "..") continue;
                names.Add(name);
            }
            return names;
        }
        finally
        {
            _ = CloseDir(dir);
        }
    }

    /// <summary>
    /// Appends bytes to a file opened with O_APPEND, in one write(2) when the kernel takes it whole: several processes
    /// appending to one file then never overwrite each other, which .NET's <see cref="FileMode.Append"/> (a seek to the
    /// end at open, no O_APPEND) does not promise. <paramref name="create"/> creates a missing file with mode 0600.
    /// Returns 0, or the errno (ENOENT for a missing file when not creating).
    /// </summary>
    public static int Append(string path, byte[] content, bool create)
    {
        const int writeOnly = 0x1, append = 0x400, createFlag = 0x40;
        var fd = OpenWithMode(path, writeOnly | append | CloseOnExec | (create ? createFlag : 0), 0x180);
        if (fd < 0) return Marshal.GetLastPInvokeError();
        try
        {
            var remaining = content;
            while (remaining.Length > 0)
            {
                var written = (int)Write(fd, remaining, remaining.Length);
                if (written < 0) return Marshal.GetLastPInvokeError();
                remaining = remaining[written..];
            }
            return 0;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Whether something exists at the path (following symlinks), with one system call.</summary>
    public static bool Exists(string path) => Access(path, 0) == 0;

    private static nint ReadAt(int fd, byte[] buffer, int offset, int count)
    {
        // read(2) into the middle of a managed array without unsafe code: read into a slice copy only when needed.
        if (offset == 0) return Read(fd, buffer, count);
        var rest = new byte[count];
        var read = Read(fd, rest, count);
        if (read > 0) Array.Copy(rest, 0, buffer, offset, (int)read);
        return read;
    }
    private const int AtFdCwd = -100;
    private const int StatxUid = 0x8;
    private const int StatxGid = 0x10;
    private const int WriteOk = 2;

    public static (uint Uid, uint Gid)? Owner([MarshalAs(UnmanagedType.LPUTF8Str)] string path)
    {
        var buffer = new byte[256];
        if (Statx(AtFdCwd, path, 0, StatxUid | StatxGid, buffer) != 0) return null;
        return (BitConverter.ToUInt32(buffer, 20), BitConverter.ToUInt32(buffer, 24));
    }

    /// <summary>Gives an open file an owner; chown resets set-user-ID bits, so the mode is set after.</summary>
    public static void SetOwner(Microsoft.Win32.SafeHandles.SafeFileHandle file, uint uid, uint gid, [MarshalAs(UnmanagedType.LPUTF8Str)] string pathForErrors)
    {
        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            if (FChown((int)file.DangerousGetHandle(), uid, gid) != 0)
                throw new IOException($"Could not give {pathForErrors} the owner {uid}:{gid} (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    public static void SyncDirectory(string directory)
    {
        var fd = Open(directory, 0);
        if (fd < 0) throw new IOException($"Could not open the directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (FSync(fd) != 0) throw new IOException($"Could not flush the directory {directory} (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Whether this process may create files in the directory: false on a read-only file system even for root.</summary>
    public static bool CanWrite(string directory, out int errno)
    {
        var ok = Access(directory, WriteOk) == 0;
        errno = ok ? 0 : Marshal.GetLastPInvokeError();
        return ok;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "fchown", SetLastError = true)]
    private static extern int FChown(int fd, uint uid, uint gid);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenWithMode([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mode);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern nint Write(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "opendir", SetLastError = true)]
    private static extern nint OpenDir([MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport("libc", EntryPoint = "readdir64", SetLastError = true)]
    private static extern nint ReadDir(nint dir);

    [DllImport("libc", EntryPoint = "closedir", SetLastError = true)]
    private static extern int CloseDir(nint dir);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint Read(int fd, [Out] byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "readlink", SetLastError = true)]
    private static extern nint ReadLinkRaw([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer, nint size);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "access", SetLastError = true)]
    private static extern int Access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
