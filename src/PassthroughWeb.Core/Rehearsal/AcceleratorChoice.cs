namespace PassthroughWeb.Core.Rehearsal;

/// <summary>Which accelerator the user asks a rehearsal to boot under (<c>rehearse --accel</c>, the step cards' selector).</summary>
public enum AcceleratorChoice
{
    /// <summary>KVM when the probe shows it runs a guest, TCG otherwise; a KVM boot that stays silent is retried once under TCG.</summary>
    Auto,

    /// <summary>KVM only: where KVM does not work, the rehearsal stops and says so instead of falling back.</summary>
    Kvm,

    /// <summary>TCG only: no probe, no KVM.</summary>
    Tcg,
}
