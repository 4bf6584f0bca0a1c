using System.Text.RegularExpressions;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Isolation.Initramfs;

/// <summary>
/// Lists built initramfs images with the tool the host has (<c>lsinitramfs</c>, <c>lsinitrd</c>, <c>lsinitcpio</c>,
/// <c>booster ls</c>) and checks that the vfio modules and the binding files are inside, for every installed kernel.
/// The same code checks a host's images before the reboot banner and the images the tests build.
/// </summary>
public sealed partial class InitramfsInspector(ICommandRunner runner)
{
    private static readonly string[] ModuleSuffixes = [".ko", ".ko.xz", ".ko.zst", ".ko.gz", ".ko.lz4"];

    [GeneratedRegex(@"^[-dlcbps][rwxsStT-]{9}[.+@]?\s")]
    private static partial Regex LongListingLine();

    /// <summary>Checks the image of every kernel: each one found is listed; a kernel without an image is a blocking result.</summary>
    public async Task<InitramfsInspection> InspectHostAsync(HostRoot root, InitramfsSystem system, IReadOnlyList<InstalledKernel> kernels,
        ImageExpectation expectation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentNullException.ThrowIfNull(expectation);
        var results = new List<ImageInspection>();
        foreach (var kernel in kernels)
        {
            var candidates = CandidateImages(system, kernel, kernels.Count);
            var found = candidates.Where(c => SafeExists(root, c)).ToList();
            if (found.Count == 0)
            {
                results.Add(new ImageInspection
                {
                    ImagePath = candidates[0],
                    KernelVersion = kernel.Version,
                    Status = ImageStatus.Missing,
                    Message = $"Kernel {kernel.Version} has no initramfs image (looked for {string.Join(", ", candidates)}): it would boot without the vfio modules.",
                });
                continue;
            }
            foreach (var image in found)
                results.Add(await InspectImageAsync(root, image, system, kernel, expectation, cancellationToken));
        }
        return new InitramfsInspection { Images = results };
    }

    /// <summary>Where each system writes a kernel's image, most likely first.</summary>
    public static IReadOnlyList<string> CandidateImages(InitramfsSystem system, InstalledKernel kernel, int kernelCount = 1)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var version = kernel.Version;
        var name = kernel.PackageBase;
        var list = new List<string>();
        switch (system)
        {
            case InitramfsSystem.InitramfsTools:
                list.Add($"/boot/initrd.img-{version}");
                break;
            case InitramfsSystem.Dracut:
                list.Add($"/boot/initramfs-{version}.img");
                list.Add($"/boot/initrd.img-{version}");
                break;
            case InitramfsSystem.Mkinitcpio:
                if (name is not null)
                {
                    list.Add($"/boot/initramfs-{name}.img");
                    list.Add($"/boot/initramfs-{name}-fallback.img");
                }
                else if (kernelCount == 1)
                {
                    list.Add("/boot/initramfs-linux.img");
                    list.Add("/boot/initramfs-linux-fallback.img");
                }
                list.Add($"/boot/initramfs-{version}.img");
                break;
            case InitramfsSystem.Booster:
                list.Add(BoosterPlanner.ImagePath(kernel));
                if (name is null && kernelCount == 1) list.Add("/boot/booster-linux.img");
                break;
        }
        return list;
    }

    /// <summary>Lists one image and compares it with what it must hold.</summary>
    public async Task<ImageInspection> InspectImageAsync(HostRoot root, string imagePath, InitramfsSystem system, InstalledKernel? kernel,
        ImageExpectation expectation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(imagePath);
        ArgumentNullException.ThrowIfNull(expectation);
        var machinePath = root.Resolve(imagePath);
        var tried = new List<string>();
        string? tool = null;
        CommandResult? listing = null;
        foreach (var request in ListingCommands(system, machinePath))
        {
            var result = await runner.RunAsync(request, cancellationToken);
            if (!result.Started)
            {
                tried.Add(request.Program);
                continue;
            }
            tool = request.Program;
            listing = result;
            break;
        }
        var kernelText = kernel is null ? "" : $" (kernel {kernel.Version})";
        if (listing is null)
        {
            return new ImageInspection
            {
                ImagePath = imagePath,
                KernelVersion = kernel?.Version,
                Status = ImageStatus.NotChecked,
                Message = $"{imagePath}{kernelText} was not checked: none of {string.Join(", ", tried)} is installed.",
            };
        }

        var paths = ParseListing(listing.StandardOutput);
        if (!listing.Succeeded || paths.Count == 0)
        {
            var error = listing.StandardError.Trim();
            return new ImageInspection
            {
                ImagePath = imagePath,
                KernelVersion = kernel?.Version,
                Tool = tool,
                Status = ImageStatus.Unreadable,
                Message = $"{imagePath}{kernelText} could not be listed by {tool} (exit code {listing.ExitCode}{(error.Length > 0 ? ": " + FirstLine(error) : "")}): an empty or broken image would not boot.",
            };
        }

        var builtIn = kernel is null ? new HashSet<string>(StringComparer.Ordinal) : ReadBuiltIn(root, kernel);
        var moduleNames = paths
            .Where(p => kernel is null || p.Contains("modules/" + kernel.Version + "/", StringComparison.Ordinal))
            .Select(ModuleName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var found = new List<string>();
        var inKernel = new List<string>();
        var missing = new List<string>();
        foreach (var module in expectation.Modules.Select(InitramfsText.NormalizeModule))
        {
            if (moduleNames.Contains(module)) found.Add(module);
            else if (builtIn.Contains(module)) inKernel.Add(module);
            else missing.Add(module);
        }
        var pathSet = paths.Select(MergedUsr).ToHashSet(StringComparer.Ordinal);
        var missingFiles = expectation.Files.Where(f => !pathSet.Contains(MergedUsr(f.ImagePath.TrimStart('/')))).ToList();

        string message;
        if (missing.Count == 0 && missingFiles.Count == 0)
        {
            message = $"{imagePath}{kernelText} holds {string.Join(", ", found)}"
                + (inKernel.Count > 0 ? $" ({string.Join(", ", inKernel)} built into the kernel)" : "")
                + (expectation.Files.Count > 0 ? $" and {string.Join(", ", expectation.Files.Select(f => f.ImagePath))}" : "")
                + ".";
        }
        else
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add($"the module{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}");
            parts.AddRange(missingFiles.Select(f => $"{f.ImagePath} ({f.Purpose})"));
            message = $"{imagePath}{kernelText} lacks {string.Join("; ", parts)}: after a reboot the GPU would not be held for vfio-pci. Rebuild the image and check again.";
        }
        return new ImageInspection
        {
            ImagePath = imagePath,
            KernelVersion = kernel?.Version,
            Tool = tool,
            Status = missing.Count == 0 && missingFiles.Count == 0 ? ImageStatus.Complete : ImageStatus.Incomplete,
            FoundModules = found,
            BuiltInModules = inKernel,
            MissingModules = missing,
            MissingFiles = missingFiles,
            Message = message,
        };
    }

    /// <summary>Paths inside the image, without a leading slash, from any of the tools' outputs.</summary>
    public static IReadOnlyList<string> ParseListing(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var paths = new List<string>();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            string path;
            if (LongListingLine().IsMatch(line))
            {
                // cpio -tv / ls -l: permissions, links, owner, group, size, month, day, time or year, name.
                var fields = line.Split(' ', 9, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 9) continue;
                path = fields[8];
                var arrow = path.IndexOf(" -> ", StringComparison.Ordinal);
                if (arrow >= 0) path = path[..arrow];
            }
            else
            {
                path = line.Trim();
            }
            if (path.StartsWith("./", StringComparison.Ordinal)) path = path[2..];
            path = path.TrimStart('/');
            if (path.Length > 0 && path != ".") paths.Add(path);
        }
        return paths;
    }

    private static IEnumerable<CommandRequest> ListingCommands(InitramfsSystem system, string image)
    {
        var all = new List<CommandRequest>
        {
            new("lsinitramfs", [image]),
            new("lsinitrd", [image]),
            new("lsinitcpio", [image]),
            new("booster", ["ls", image]),
        };
        var preferred = system switch
        {
            InitramfsSystem.InitramfsTools => "lsinitramfs",
            InitramfsSystem.Dracut => "lsinitrd",
            InitramfsSystem.Mkinitcpio => "lsinitcpio",
            _ => "booster",
        };
        // booster images are plain cpio archives only booster itself can always read: no other tool for them.
        if (system == InitramfsSystem.Booster) return all.Where(r => r.Program == preferred);
        return all.Where(r => r.Program == preferred).Concat(all.Where(r => r.Program != preferred && r.Program != "booster"));
    }

    /// <summary>Images of merged-/usr systems hold usr/lib/… where older ones hold lib/…: the same file for boot.</summary>
    private static string MergedUsr(string path)
    {
        foreach (var top in new[] { "usr/lib/", "usr/lib64/", "usr/bin/", "usr/sbin/" })
        {
            if (path.StartsWith(top, StringComparison.Ordinal)) return path[4..];
        }
        return path;
    }

    private static string? ModuleName(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        foreach (var suffix in ModuleSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal)) return InitramfsText.NormalizeModule(name[..^suffix.Length]);
        }
        return null;
    }

    private static HashSet<string> ReadBuiltIn(HostRoot root, InstalledKernel kernel)
    {
        var text = InitramfsText.Read(root, kernel.ModulesDirectory + "/modules.builtin") ?? "";
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ModuleName).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    private static bool SafeExists(HostRoot root, string path)
    {
        try
        {
            return root.FileExists(path);
        }
        catch (HostPathEscapesRootException)
        {
            return false;
        }
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline];
    }
}
