namespace PassthroughWeb.Services.Drift;

/// <summary>What "keep the hardware as it is now" did, in words each door shows as they are.</summary>
public sealed record DriftAcceptance
{
    public required DriftAcceptanceOutcome Outcome { get; init; }

    /// <summary>What was accepted (each difference), or why nothing was.</summary>
    public required string Message { get; init; }

    public static DriftAcceptance Of(DriftAcceptanceOutcome outcome, string message) => new() { Outcome = outcome, Message = message };
}

public enum DriftAcceptanceOutcome
{
    /// <summary>The newest profile is what the applied steps stand on from now; the history says so.</summary>
    Accepted,

    /// <summary>The hardware already matches (or no applied step stands on any device): nothing was recorded.</summary>
    NothingToAccept,

    UnknownHost,

    NotAllowed,
}
