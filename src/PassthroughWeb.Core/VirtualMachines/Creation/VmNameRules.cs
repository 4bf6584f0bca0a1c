using System.Text;

namespace PassthroughWeb.Core.VirtualMachines.Creation;

/// <summary>
/// Which names a new VM may have. libvirt itself forbids only '/' and newlines, and anything else in a name works
/// (spaces, quotes, '&amp;', any language) because every call passes it as one argument and the XML escapes it.
/// The rest is refused because it would bite later: names virsh reads as a domain ID or UUID, control characters,
/// blanks at the ends, and names too long to become file names (the UEFI variable store and the disk are named after it).
/// </summary>
public static class VmNameRules
{
    /// <summary>The variable store is NAME_VARS.fd and the disk NAME.qcow2: both must stay under the 255-byte file name limit.</summary>
    public const int MaxUtf8Bytes = 200;

    /// <summary>
    /// Why no VM libvirt defines can have this name (empty, a '/', a control character such as a newline), or null:
    /// the check for the name of an existing VM, before libvirt is asked about it.
    /// </summary>
    public static string? ProblemForExisting(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "The VM's name is empty: give the name `virsh list --all` (or PassthroughWeb vms) shows.";
        if (name.Contains('/', StringComparison.Ordinal) || name.Any(char.IsControl))
            return $"No VM can be named '{Printable(name)}': libvirt names hold no '/' and no control characters (a newline or tab from a paste?). Give the name PassthroughWeb vms lists.";
        return null;
    }

    private static string Printable(string name) => new(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    /// <summary>Why the name cannot be used, or null when it can.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "The VM needs a name.";
        if (name.Contains('/', StringComparison.Ordinal))
            return $"The name '{name}' contains '/', which libvirt does not allow in a VM name (it becomes part of file names).";
        if (name.Any(char.IsControl))
            return "The name contains a control character (a newline or tab, perhaps from a paste): libvirt does not allow newlines, and the others cannot be typed back.";
        if (name != name.Trim())
            return $"The name '{name}' starts or ends with a blank, which is easy to miss when typing it back: remove it.";
        if (Encoding.UTF8.GetByteCount(name) > MaxUtf8Bytes)
            return $"The name is {Encoding.UTF8.GetByteCount(name)} bytes long; at most {MaxUtf8Bytes} are allowed, because the VM's disk and UEFI variable files are named after it.";
        if (name.All(char.IsAsciiDigit))
            return $"The name '{name}' is only digits: virsh would take it for the ID of a running VM. Add a letter.";
        if (Guid.TryParseExact(name, "D", out _))
            return $"The name '{name}' looks like a UUID: virsh would look a VM up by that UUID first. Choose another name.";
        return null;
    }
}
