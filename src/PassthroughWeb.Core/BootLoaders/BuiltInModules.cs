using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>Which installed kernels have a driver compiled in rather than as a module, from <c>lib/modules/*/modules.builtin</c>.</summary>
public static class BuiltInModules
{
    /// <summary>
    /// The kernel versions under <c>lib/modules</c> whose modules.builtin lists <paramref name="moduleName"/>
    /// (<c>vfio-pci</c> and <c>vfio_pci</c> are the same module: file names use either spelling).
    /// </summary>
    public static IReadOnlyList<string> KernelsWithBuiltIn(HostRoot root, string moduleName)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(moduleName);
        var wanted = KernelParameter.NormalizeName(moduleName);
        var kernels = new List<string>();
        foreach (var version in root.ListNames("lib/modules"))
        {
            var text = root.TryReadText($"lib/modules/{version}/modules.builtin");
            if (text is null) continue;
            foreach (var line in text.Split('\n'))
            {
                var file = line.Trim();
                var slash = file.LastIndexOf('/');
                var name = slash < 0 ? file : file[(slash + 1)..];
                if (name.EndsWith(".ko", StringComparison.Ordinal)) name = name[..^3];
                if (KernelParameter.NormalizeName(name) != wanted) continue;
                kernels.Add(version);
                break;
            }
        }
        return kernels;
    }

    /// <summary>
    /// Whether the kernel that matters has the module built in: the running kernel (<c>proc/sys/kernel/osrelease</c>)
    /// when its modules are installed, else any installed kernel.
    /// </summary>
    public static bool IsBuiltIn(HostRoot root, string moduleName)
    {
        var kernels = KernelsWithBuiltIn(root, moduleName);
        var running = root.TryReadText("proc/sys/kernel/osrelease")?.Trim();
        if (!string.IsNullOrEmpty(running) && HostFiles.DirectoryExists(root, $"lib/modules/{running}"))
            return kernels.Contains(running, StringComparer.Ordinal);
        return kernels.Count > 0;
    }
}
