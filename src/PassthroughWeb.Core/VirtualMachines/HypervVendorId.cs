namespace PassthroughWeb.Core.VirtualMachines;

/// <summary><c>&lt;hyperv&gt;&lt;vendor_id state='…' value='…'/&gt;</c>: the Hyper-V vendor string the guest sees instead of "Microsoft Hv".</summary>
public sealed record HypervVendorId
{
    public required bool On { get; init; }
    public required string? Value { get; init; }

    /// <summary>Longest value: QEMU puts it into the 12 bytes of the CPUID hypervisor vendor leaf.</summary>
    public const int MaxLength = 12;

    /// <summary>Why <paramref name="value"/> cannot be a vendor_id, or null when it can (1–12 characters, printable ASCII, no comma).</summary>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "The vendor_id is empty: give 1 to 12 characters (for example 'randomid').";
        if (value.Length > MaxLength)
            return $"The vendor_id '{value}' has {value.Length} characters; libvirt and QEMU take at most {MaxLength} (it fills the 12-byte CPUID vendor string). Shorten it.";
        if (value.Any(c => c is < ' ' or > '~' || c == ','))
            return $"The vendor_id '{value}' has a character libvirt does not take: use printable ASCII letters and digits, without commas.";
        return null;
    }
}
