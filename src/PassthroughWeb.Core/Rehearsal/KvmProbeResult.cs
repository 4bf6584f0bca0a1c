namespace PassthroughWeb.Core.Rehearsal;

/// <summary>Whether the probe guest reached long mode and wrote to its serial port under KVM, and, when not, why.</summary>
public sealed record KvmProbeResult(bool Works, string Explanation);
