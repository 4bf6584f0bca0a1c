namespace PassthroughWeb.Cli;

/// <summary>Every exit code the executable returns. Scripts depend on these numbers: never renumber one.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A bug: an exception nobody expected. The stack trace is on stderr.</summary>
    public const int InternalError = 1;

    /// <summary>The command line could not be parsed (unknown verb or option, missing value).</summary>
    public const int UsageError = 2;

    /// <summary>The host root given with <c>--root</c> does not exist or is not a directory.</summary>
    public const int RootNotFound = 3;

    /// <summary>The data directory or its database could not be created, opened or written.</summary>
    public const int DataDirectoryUnusable = 4;

    /// <summary>The web app stopped with an error (for example its address is already in use).</summary>
    public const int ServeFailed = 5;

    /// <summary>
    /// <c>plan</c>/<c>apply</c>: an interlock refuses the change (the boot display, the root disk's group …), <c>apply</c>
    /// was run without <c>--yes</c>, a check before the first write failed, or <c>rollback</c> was refused; <c>user</c>/<c>token</c>:
    /// a rule refused the change (the password policy, a name in use, the last Admin). Nothing changed.
    /// </summary>
    public const int Refused = 6;

    /// <summary><c>apply</c>/<c>rollback</c>: a write or a command failed; the files are back as they were (the history says failed).</summary>
    public const int ChangeFailed = 7;

    /// <summary><c>plan</c>/<c>apply</c>: everything is already in place; <c>verify</c>: no applied change set to verify.</summary>
    public const int NothingToDo = 8;

    /// <summary><c>plan</c>/<c>apply</c>: the app cannot make this change on this host; the message says what to do by hand.</summary>
    public const int ManualStepsNeeded = 9;

    /// <summary><c>verify</c>: a check after the reboot does not hold.</summary>
    public const int VerificationFailed = 10;

    /// <summary><c>verify</c>: the change set was applied in this boot; reboot first.</summary>
    public const int RebootNeeded = 11;

    /// <summary><c>plan</c>/<c>apply</c>: no plan can be made (an unknown CPU vendor, a card not found, unreadable files); the message says why.</summary>
    public const int CannotPlan = 12;

    /// <summary><c>apply</c>: applied, but a rebuilt initramfs image lacks the vfio modules or the binding files: do not reboot.</summary>
    public const int ImagesIncomplete = 13;

    /// <summary><c>rehearse</c>: the guest booted with the planned image did not show what the plan promises (or did not finish).</summary>
    public const int RehearsalFailed = 14;

    /// <summary><c>rehearse</c>: the rehearsal cannot run here (QEMU, the initramfs program or the kernel image is missing).</summary>
    public const int RehearsalUnavailable = 15;

    /// <summary>
    /// <c>vms</c>, <c>vm-shutdown</c>, <c>guest</c>: libvirt could not do what was asked (virsh missing, libvirtd not
    /// reachable at the connection, no VM of that name, the request refused); the message says why.
    /// </summary>
    public const int LibvirtFailed = 16;

    /// <summary>
    /// <c>rehearse --accel kvm</c>: KVM does not run a guest here (no /dev/kvm, the probe failed, or the KVM boot stayed
    /// silent past <c>--kvm-silence</c>); nothing was judged. <c>--accel auto</c> would have used TCG.
    /// </summary>
    public const int KvmUnavailable = 17;

    /// <summary>
    /// <c>serve</c>: it will not listen as asked (plain HTTP on an address other than loopback without
    /// <c>--insecure-http</c>, a URL it cannot read, <c>--certificate</c> without <c>--key</c> or without an https:// URL,
    /// an <c>--allowed-host</c> that is no host); the message says what to write instead.
    /// </summary>
    public const int ListenRefused = 18;

    /// <summary><c>serve</c>: the HTTPS certificate cannot be read or generated (a missing or mismatched PEM file, an unreadable key).</summary>
    public const int CertificateUnusable = 19;

    /// <summary>The actor's role does not allow the action (a Viewer asked to apply, roll back, verify, rehearse …). Nothing changed.</summary>
    public const int NotAllowed = 20;

    /// <summary><c>user</c>/<c>token</c>: no user of that name, or no active token of that label; <c>drift accept</c>: no stored profile of the host.</summary>
    public const int NotFound = 21;

    /// <summary>The host no longer gives the plan named by --plan-id: nothing was changed; plan again.</summary>
    public const int PlanStale = 22;

    /// <summary>Another change set, rollback or rehearsal holds the host: nothing was changed; try again when it is done.</summary>
    public const int HostBusy = 23;

    /// <summary><c>import --url</c>: the app could not be reached, or answered with an error the other codes do not name; the message says which.</summary>
    public const int AppUnreachable = 24;

    /// <summary>
    /// <c>agent</c>: the hub's HTTPS certificate is not trusted (not signed by an authority this machine trusts, nor by
    /// the one given with <c>--hub-certificate</c>, or issued for another name). Nothing was sent to it.
    /// </summary>
    public const int HubNotTrusted = 25;

    /// <summary>
    /// Ctrl+C (SIGINT) came and the verb did not stop within System.CommandLine's grace period (128 + 2, as shells
    /// report it). A verb that stops in time returns its own code: <c>serve</c> stops cleanly with 0.
    /// </summary>
    public const int Interrupted = 130;

    /// <summary>The same for SIGTERM (128 + 15), what <c>docker stop</c> sends.</summary>
    public const int Terminated = 143;
}
