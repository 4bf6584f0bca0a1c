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

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "access", SetLastError = true)]
    private static extern int Access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
