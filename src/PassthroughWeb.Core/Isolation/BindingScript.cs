using System.Text;

namespace PassthroughWeb.Core.Isolation;

/// <summary>
/// The body of the boot-time script that binds devices to vfio-pci by address (POSIX sh, no bashisms, no
/// <c>exit</c>: dracut sources its hooks). For each address it checks that the vendor and device IDs there
/// are still the expected ones and refuses, saying why, when they are not (a card moved slots); then it sets
/// <c>driver_override</c>, unbinds a driver that already took the device, and asks the kernel to probe it again,
/// which now only vfio-pci may answer. Messages go to the kernel log.
/// </summary>
public static class BindingScript
{
    /// <summary>
    /// The script body. <c>VFIO_BIND_SYSFS</c> and <c>VFIO_BIND_MODPROBE</c> default to /sys and modprobe; they
    /// exist so the very same text can be run against a copy of sysfs.
    /// </summary>
    public static string Build(IReadOnlyList<AddressBinding> bindings, bool vfioBuiltin)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        if (bindings.Count == 0) throw new ArgumentException("A binding script needs at least one address.", nameof(bindings));
        var text = new StringBuilder();
        text.Append("# PassthroughWeb step 3: bind these devices to vfio-pci by address, before any GPU driver or udev can claim them.\n");
        text.Append("# A device is bound only if the vendor:device ID at its address is still the expected one.\n");
        foreach (var binding in bindings)
            text.Append("#   ").Append(binding.Address.ToString()).Append("  ").Append(binding.VendorId).Append(':').Append(binding.DeviceId).Append('\n');
        text.Append("""
            vfio_bind_sys="${VFIO_BIND_SYSFS:-/sys}"
            vfio_bind_ready=""

            vfio_bind_say() {
            	if [ -w /dev/kmsg ]; then
            		echo "vfio-bind: $*" > /dev/kmsg
            	else
            		echo "vfio-bind: $*" >&2
            	fi
            }

            vfio_bind_one() {
            	vfio_bind_dev="$vfio_bind_sys/bus/pci/devices/$1"
            	if [ ! -d "$vfio_bind_dev" ]; then
            		vfio_bind_say "$1: no such device; not binding it (was the card removed?)"
            		return 1
            	fi
            	vfio_bind_vendor=$(cat "$vfio_bind_dev/vendor")
            	vfio_bind_device=$(cat "$vfio_bind_dev/device")
            	if [ "$vfio_bind_vendor" != "0x$2" ] || [ "$vfio_bind_device" != "0x$3" ]; then
            		vfio_bind_say "$1 is now $vfio_bind_vendor:$vfio_bind_device, not the expected 0x$2:0x$3 (a card moved or changed): refusing to bind it; run step 3 again"
            		return 1
            	fi
            	echo vfio-pci > "$vfio_bind_dev/driver_override"
            	if [ -e "$vfio_bind_dev/driver" ]; then
            		echo "$1" > "$vfio_bind_dev/driver/unbind"
            	fi
            	vfio_bind_ready="$vfio_bind_ready $1"
            	return 0
            }


            """);
        foreach (var binding in bindings)
            text.Append("vfio_bind_one ").Append(binding.Address.ToString()).Append(' ').Append(binding.VendorId).Append(' ').Append(binding.DeviceId).Append('\n');
        text.Append('\n');
        if (!vfioBuiltin)
            text.Append("# vfio-pci must be loaded to answer the probe; -i skips any 'install vfio-pci' command of modprobe.d.\n")
                .Append("vfio_bind_modprobe=\"${VFIO_BIND_MODPROBE:-modprobe}\"\n")
                .Append("if [ -n \"$vfio_bind_ready\" ]; then\n\t\"$vfio_bind_modprobe\" -i vfio-pci || vfio_bind_say \"could not load vfio-pci\"\nfi\n");
        text.Append("""
            for vfio_bind_addr in $vfio_bind_ready; do
            	echo "$vfio_bind_addr" > "$vfio_bind_sys/bus/pci/drivers_probe"
            	vfio_bind_say "$vfio_bind_addr: driver_override is vfio-pci, probed"
            done

            """);
        return text.ToString();
    }
}
