namespace PassthroughWeb.Core.Rehearsal;

/// <summary>A kernel log line from the guest: seconds since boot and the text.</summary>
public sealed record KernelMessage(double Seconds, string Text);
