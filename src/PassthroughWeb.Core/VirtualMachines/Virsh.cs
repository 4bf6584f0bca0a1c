using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>
/// libvirt through <c>virsh -c URI …</c> for one connection, run as an argument list through the command runner.
/// Domains are always named with <c>--domain NAME</c>, so a name that starts with a dash is not read as an option;
/// names may hold spaces, quotes and any Unicode (libvirt forbids only '/' and newlines, so one name per line is exact).
/// Failures come back as values with a plain-words reason.
/// </summary>
public sealed class Virsh
{
    public const string DefaultConnection = "qemu:///system";

    private readonly ICommandRunner _runner;

    public Virsh(ICommandRunner runner, string connection = DefaultConnection)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        _runner = runner;
        Connection = connection;
    }

    /// <summary>The libvirt connection URI every call uses.</summary>
    public string Connection { get; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The command line a call runs, for previews and logs.</summary>
    public CommandRequest Request(IReadOnlyList<string> arguments) =>
        new("virsh", ["-c", Connection, .. arguments]) { Timeout = Timeout };

    /// <summary>Runs <c>virsh -c URI ARGUMENTS…</c>; the standard output on success. <paramref name="domain"/> names the domain in a not-found error.</summary>
    public async Task<LibvirtResult<string>> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? domain = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var result = await _runner.RunAsync(Request(arguments), cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? new LibvirtResult<string> { Value = result.StandardOutput }
            : new LibvirtResult<string> { Error = Classify(result, arguments, domain) };
    }

    /// <summary>Every defined domain (running or not) with its state, in the order libvirt lists them.</summary>
    public async Task<LibvirtResult<IReadOnlyList<DomainSummary>>> ListDomainsAsync(CancellationToken cancellationToken)
    {
        var all = await ListNamesAsync(["list", "--all", "--name"], cancellationToken).ConfigureAwait(false);
        if (!all.Succeeded) return new LibvirtResult<IReadOnlyList<DomainSummary>> { Error = all.Error };
        var names = all.GetValue();
        if (names.Count == 0) return new LibvirtResult<IReadOnlyList<DomainSummary>> { Value = [] };

        // Three filtered lists instead of one domstate per domain; a domain in none of them asks for itself.
        var states = new Dictionary<string, DomainState>(StringComparer.Ordinal);
        foreach (var (flag, state) in new[] { ("--state-running", DomainState.Running), ("--state-paused", DomainState.Paused), ("--state-shutoff", DomainState.ShutOff) })
        {
            var listed = await ListNamesAsync(["list", "--name", flag], cancellationToken).ConfigureAwait(false);
            if (!listed.Succeeded) return new LibvirtResult<IReadOnlyList<DomainSummary>> { Error = listed.Error };
            foreach (var name in listed.GetValue()) states.TryAdd(name, state);
        }

        var domains = new List<DomainSummary>(names.Count);
        foreach (var name in names)
        {
            if (!states.TryGetValue(name, out var state))
            {
                var asked = await GetStateAsync(name, cancellationToken).ConfigureAwait(false);
                if (!asked.Succeeded)
                {
                    if (asked.Error.Kind == LibvirtErrorKind.DomainNotFound) continue; // undefined in between
                    return new LibvirtResult<IReadOnlyList<DomainSummary>> { Error = asked.Error };
                }
                state = asked.GetValue();
            }
            domains.Add(new DomainSummary { Name = name, State = state });
        }
        return new LibvirtResult<IReadOnlyList<DomainSummary>> { Value = domains };
    }

    /// <summary>
    /// The names a <c>--name</c> listing prints (<c>list</c>, <c>pool-list</c>, <c>net-list</c>), one a line. virsh 9.0 pads
    /// pool names to 20 characters ("default" comes back as "default" and 13 blanks), so every such listing is read
    /// here and nowhere else: each line trimmed, empty ones dropped. No name loses anything real by it: the app refuses
    /// names with blanks at their ends (<see cref="Creation.VmNameRules"/>), and a padded pool name cannot be told from one
    /// that ends in blanks anyway.
    /// </summary>
    public async Task<LibvirtResult<IReadOnlyList<string>>> ListNamesAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var listed = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        return listed.Succeeded
            ? new LibvirtResult<IReadOnlyList<string>> { Value = Names(listed.GetValue()) }
            : new LibvirtResult<IReadOnlyList<string>> { Error = listed.Error };
    }

    /// <summary>One name a line, padding and blank lines gone; see <see cref="ListNamesAsync"/>.</summary>
    public static IReadOnlyList<string> Names(string listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return listing.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
    }

    public async Task<LibvirtResult<DomainState>> GetStateAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var result = await RunAsync(["domstate", "--domain", name], cancellationToken, name).ConfigureAwait(false);
        return result.Succeeded ? new LibvirtResult<DomainState> { Value = DomainStates.Parse(result.GetValue()) } : new LibvirtResult<DomainState> { Error = result.Error };
    }

    /// <summary>The domain's XML: the persistent definition (<c>--inactive</c>: what the next start uses and what an edit changes) or the live one.</summary>
    public Task<LibvirtResult<string>> DumpXmlAsync(string name, bool inactive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return RunAsync(inactive ? ["dumpxml", "--inactive", "--domain", name] : ["dumpxml", "--domain", name], cancellationToken, name);
    }

    /// <summary>
    /// <c>virsh define --validate</c>: checks the XML against libvirt's schema, then defines (or redefines, when the
    /// name and uuid match a defined domain) it. The XML goes through a temporary file readable by root only.
    /// </summary>
    public async Task<LibvirtResult<string>> DefineAsync(string xml, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(xml);
        using var file = TemporaryFile.Create(xml, ".xml");
        return await RunAsync(["define", "--validate", "--file", file.Path], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the guest to shut down cleanly (ACPI power button). It returns at once; the guest decides when (and whether) it stops.</summary>
    public Task<LibvirtResult<string>> ShutdownAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return RunAsync(["shutdown", "--domain", name], cancellationToken, name);
    }

    /// <summary>Undefines the domain and deletes its UEFI variable store (<c>--nvram</c>); disks stay.</summary>
    public Task<LibvirtResult<string>> UndefineAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return RunAsync(["undefine", "--nvram", "--domain", name], cancellationToken, name);
    }

    private LibvirtError Classify(CommandResult result, IReadOnlyList<string> arguments, string? domain)
    {
        var detail = result.StandardError.Trim();
        var verb = arguments.Count > 0 ? arguments[0] : "";
        if (!result.Started)
            return new LibvirtError
            {
                Kind = LibvirtErrorKind.VirshMissing,
                Message = "virsh is not installed, so the app cannot talk to libvirt. Install the libvirt client tools " +
                          "(Debian/Ubuntu: apt install libvirt-clients; Fedora: dnf install libvirt-client; Arch: pacman -S libvirt) and try again.",
                Detail = detail,
            };
        if (result.TimedOut)
            return new LibvirtError
            {
                Kind = LibvirtErrorKind.TimedOut,
                Message = $"virsh {verb} did not answer within {Timeout.TotalSeconds:0} s at {Connection}: libvirtd may be hung; check its log (/var/log/libvirt/libvirtd.log) or restart it.",
                Detail = detail,
            };
        if (detail.Contains("failed to connect to the hypervisor", StringComparison.OrdinalIgnoreCase) ||
            detail.Contains("Failed to connect socket", StringComparison.OrdinalIgnoreCase))
            return new LibvirtError
            {
                Kind = LibvirtErrorKind.NotReachable,
                Message = $"libvirtd is not running or not reachable at {Connection}: start it (systemctl start libvirtd, " +
                          "or 'libvirtd -d' on a host without systemd) and check that the connection URI is right.",
                Detail = detail,
            };
        if (domain is not null && (detail.Contains("failed to get domain", StringComparison.OrdinalIgnoreCase) ||
                                   detail.Contains("Domain not found", StringComparison.OrdinalIgnoreCase)))
            return new LibvirtError
            {
                Kind = LibvirtErrorKind.DomainNotFound,
                Message = $"There is no VM named '{domain}' at {Connection}: check the name (virsh list --all lists them).",
                Detail = detail,
            };
        return new LibvirtError
        {
            Kind = LibvirtErrorKind.Failed,
            Message = $"virsh {verb} failed: {LastErrorLine(detail) ?? $"exit code {result.ExitCode}"}",
            Detail = detail,
        };
    }

    /// <summary>virsh prints "error: Failed to define …" then the cause: the cause is the useful line.</summary>
    private static string? LastErrorLine(string detail)
    {
        var lines = detail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) return null;
        var last = lines[^1];
        return last.StartsWith("error: ", StringComparison.Ordinal) ? last["error: ".Length..] : last;
    }
}
