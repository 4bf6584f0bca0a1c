using System.Runtime.InteropServices;

namespace PassthroughWeb.Accounts.HostAccounts;

/// <summary>
/// The host's users and groups as the C library sees them (through NSS, so LDAP and SSSD groups count), to decide
/// which host accounts may sign in and with which role.
/// </summary>
public sealed class HostGroupDirectory
{
    private const int InitialBuffer = 1024;
    private const int MaximumBuffer = 1 << 20;

    /// <summary>The names of every group <paramref name="user"/> belongs to, its primary group included; null when there is no such user.</summary>
    public unsafe IReadOnlyList<string>? GroupsOf(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!PamAuthenticator.IsPlausibleUserName(user)) return null;
        uint? primary = null;
        WithBuffer(buffer =>
        {
            LibCAccounts.Passwd entry;
            LibCAccounts.Passwd* found;
            fixed (byte* bytes = buffer)
            {
                var error = LibCAccounts.GetPasswdByName(user, &entry, bytes, (nuint)buffer.Length, &found);
                if (error == 0 && found != null) primary = entry.GroupId;
                return error;
            }
        });
        if (primary is not { } primaryGroup) return null;

        var count = 32;
        uint[] ids;
        while (true)
        {
            ids = new uint[count];
            int result;
            fixed (uint* pointer = ids)
            {
                result = LibCAccounts.GetGroupList(user, primaryGroup, pointer, &count);
            }
            if (result >= 0) break;
            // -1: the array was too small and count now says how many there are.
            if (count <= ids.Length) count = ids.Length * 2;
        }
        return [.. ids.Take(count).Distinct().Select(NameOf).OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether a group of that name exists on the host.</summary>
    public unsafe bool GroupExists(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!PamAuthenticator.IsPlausibleUserName(name)) return false;
        var exists = false;
        WithBuffer(buffer =>
        {
            LibCAccounts.Group entry;
            LibCAccounts.Group* found;
            fixed (byte* bytes = buffer)
            {
                var error = LibCAccounts.GetGroupByName(name, &entry, bytes, (nuint)buffer.Length, &found);
                exists = error == 0 && found != null;
                return error;
            }
        });
        return exists;
    }

    /// <summary>The group that gives administrators root through sudo on this host: <c>wheel</c> (RHEL, Arch) or <c>sudo</c> (Debian, Ubuntu).</summary>
    public string? AdministratorsGroup() => GroupExists("wheel") ? "wheel" : GroupExists("sudo") ? "sudo" : null;

    private unsafe string? NameOf(uint id)
    {
        string? name = null;
        WithBuffer(buffer =>
        {
            LibCAccounts.Group entry;
            LibCAccounts.Group* found;
            fixed (byte* bytes = buffer)
            {
                var error = LibCAccounts.GetGroupById(id, &entry, bytes, (nuint)buffer.Length, &found);
                // The strings live in the buffer: read them while it is pinned.
                if (error == 0 && found != null) name = Marshal.PtrToStringUTF8(entry.Name);
                return error;
            }
        });
        return name;
    }

    /// <summary>Calls a lookup with a buffer for its strings, growing the buffer while the lookup says ERANGE.</summary>
    private static void WithBuffer(Func<byte[], int> lookup)
    {
        for (var size = InitialBuffer; size <= MaximumBuffer; size *= 2)
        {
            if (lookup(new byte[size]) != LibCAccounts.OutOfRange) return;
        }
    }
}
