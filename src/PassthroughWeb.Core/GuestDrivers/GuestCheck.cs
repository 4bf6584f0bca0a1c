namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>One check step 5 makes itself, in words.</summary>
public sealed record GuestCheck
{
    /// <summary>What was checked: "VM running", "GPU in the live XML", "Guest agent", "Guest OS", "Windows lists the GPU".</summary>
    public required string Subject { get; init; }

    public required GuestCheckOutcome Outcome { get; init; }
    public required string Message { get; init; }
}
