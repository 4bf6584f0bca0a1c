namespace PassthroughWeb.Core.Rehearsal;

/// <summary>
/// The script the rehearsal adds to its own copy of the image, never to the host's: late in the initramfs (after
/// udev has probed the devices and the modules are loaded) it writes one parseable line per fact to the serial
/// console — the command line, each display device (address, vendor:device, class, driver, IOMMU group,
/// driver_override), the number of IOMMU groups, the loaded modules, when udev started, and the kernel messages of
/// the binding script and the drivers — and then powers the guest off. POSIX sh: it runs under busybox, klibc's sh
/// and dash; dracut sources its hooks, so the body runs in a subshell.
/// </summary>
public static class EvidenceScript
{
    /// <summary>The marker every evidence line starts with.</summary>
    public const string Marker = "PWEVIDENCE";

    /// <summary>initramfs-tools: init-premount runs after init-top (udev) and after the modules file is loaded.</summary>
    public const string InitramfsToolsScript = "scripts/init-premount/zz-pw-rehearsal";

    /// <summary>The dracut module that carries the evidence into the rehearsal image.</summary>
    public const string DracutModule = "99pw-rehearsal";

    /// <summary>mkinitcpio: a hook of its own whose late hook runs after udev has settled.</summary>
    public const string MkinitcpioHook = "pw-rehearsal";

    /// <summary>The evidence body; <c>$1</c> names the initramfs system, for the log.</summary>
    public const string Body = """
        pw_say() {
        	echo "PWEVIDENCE $*"
        }
        echo
        pw_say begin "$1"
        pw_say cmdline "$(cat /proc/cmdline)"
        for pw_dev in /sys/bus/pci/devices/*; do
        	pw_class=$(cat "$pw_dev/class")
        	case "$pw_class" in
        	0x03*) ;;
        	*) continue ;;
        	esac
        	pw_driver=none
        	if [ -e "$pw_dev/driver" ]; then pw_link=$(readlink "$pw_dev/driver"); pw_driver=${pw_link##*/}; fi
        	pw_group=none
        	if [ -e "$pw_dev/iommu_group" ]; then pw_link=$(readlink "$pw_dev/iommu_group"); pw_group=${pw_link##*/}; fi
        	pw_override=$(cat "$pw_dev/driver_override" 2>/dev/null) || pw_override=none
        	pw_say device "address=${pw_dev##*/}" "id=$(cat "$pw_dev/vendor"):$(cat "$pw_dev/device")" "class=$pw_class" "driver=$pw_driver" "group=$pw_group" "override=$pw_override"
        done
        pw_groups=0
        for pw_g in /sys/kernel/iommu_groups/*; do
        	if [ -d "$pw_g" ]; then pw_groups=$((pw_groups + 1)); fi
        done
        pw_say groups "$pw_groups"
        pw_modules=""
        while read -r pw_name pw_rest; do pw_modules="$pw_modules $pw_name"; done < /proc/modules
        pw_say modules $pw_modules
        for pw_proc in /proc/[0-9]*; do
        	[ "$(cat "$pw_proc/comm" 2>/dev/null)" = systemd-udevd ] || continue
        	# Field 22 of stat: when the process started, in clock ticks (USER_HZ, 100 on x86) since boot.
        	set -- $(cat "$pw_proc/stat")
        	shift 21
        	pw_say udevd-start "$1"
        	break
        done
        dmesg | while IFS= read -r pw_line; do
        	case "$pw_line" in
        	*vfio*|*DMAR*|*AMD-Vi*|*iommu*|*IOMMU*|*"Initialized "*" for 0000:"*) pw_say kmsg "$pw_line" ;;
        	esac
        done
        pw_say end
        # The serial driver sends what echo wrote from its own buffer, by interrupts; a power-off at once can cut the
        # last lines off (seen under TCG on a loaded machine). An idle second lets the buffer drain.
        sleep 1
        echo o > /proc/sysrq-trigger
        poweroff -f
        """;

    /// <summary>initramfs-tools' init-premount script: the usual prereqs dance, then the body.</summary>
    public static string ForInitramfsTools() =>
        "#!/bin/sh\n# PassthroughWeb rehearsal only: reports what the guest saw, then powers off.\nPREREQ=\"\"\nprereqs()\n{\n\techo \"$PREREQ\"\n}\ncase $1 in\nprereqs)\n\tprereqs\n\texit 0\n\t;;\nesac\n"
        + "set -- initramfs-tools\n" + Body + "\n";

    /// <summary>The dracut module's setup: a cmdline hook that lets init go on without a root device, and the evidence as a pre-mount hook.</summary>
    public const string DracutModuleSetup = """
        #!/bin/bash
        # PassthroughWeb rehearsal only.
        check() {
            return 255
        }

        depends() {
            return 0
        }

        install() {
            inst_multiple -o dmesg readlink cat poweroff
            inst_hook cmdline 99 "$moddir/pw-rehearsal-cmdline.sh"
            inst_hook pre-mount 99 "$moddir/pw-rehearsal-evidence.sh"
        }

        """;

    /// <summary>No root device exists in the rehearsal: init must not wait for one before the pre-mount hooks.</summary>
    public const string DracutCmdlineHook = "#!/bin/sh\n# PassthroughWeb rehearsal only: no root device exists here.\nroot=pw-rehearsal\nrootok=1\nexport root rootok\n";

    public static string ForDracut() =>
        "#!/bin/sh\n# PassthroughWeb rehearsal only: reports what the guest saw, then powers off. dracut sources hooks: a subshell.\n(\nset -- dracut\n" + Body + "\n)\n";

    /// <summary>mkinitcpio's runtime hook: run_latehook runs after udev has settled and MODULES are loaded.</summary>
    public static string ForMkinitcpioRuntime() =>
        "#!/usr/bin/ash\n# PassthroughWeb rehearsal only.\nrun_latehook() {\n(\nset -- mkinitcpio\n" + Body + "\n)\n}\n";

    public const string MkinitcpioInstall = """
        #!/bin/bash
        # PassthroughWeb rehearsal only.
        build() {
            add_binary dmesg
            add_binary readlink
            add_runscript
        }

        help() {
            echo "Reports what the rehearsal guest saw, then powers it off."
        }

        """;
}
