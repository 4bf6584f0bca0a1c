using System.Runtime.InteropServices;

namespace PassthroughWeb.Accounts.HostAccounts;

/// <summary>
/// glibc's reentrant user and group lookups. They go through NSS (nsswitch.conf), so accounts and groups from LDAP
/// or SSSD count as well as /etc/passwd and /etc/group, exactly as for <c>id</c> and <c>sudo</c>.
/// </summary>
internal static unsafe partial class LibCAccounts
{
    private const string Library = "libc";

    /// <summary>ERANGE: the buffer for the strings was too small.</summary>
    public const int OutOfRange = 34;

    /// <summary><c>struct passwd</c> (glibc, 64-bit Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Passwd
    {
        public nint Name;
        public nint Password;
        public uint UserId;
        public uint GroupId;
        public nint Gecos;
        public nint Directory;
        public nint Shell;
    }

    /// <summary><c>struct group</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Group
    {
        public nint Name;
        public nint Password;
        public uint GroupId;
        public nint Members;
    }

    [LibraryImport(Library, EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetPasswdByName(string name, Passwd* entry, byte* buffer, nuint length, Passwd** result);

    [LibraryImport(Library, EntryPoint = "getgrnam_r", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetGroupByName(string name, Group* entry, byte* buffer, nuint length, Group** result);

    [LibraryImport(Library, EntryPoint = "getgrgid_r")]
    public static partial int GetGroupById(uint id, Group* entry, byte* buffer, nuint length, Group** result);

    /// <summary>The groups of a user (the primary one included); returns -1 and the count needed when the array is too small.</summary>
    [LibraryImport(Library, EntryPoint = "getgrouplist", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetGroupList(string user, uint group, uint* groups, int* count);
}
