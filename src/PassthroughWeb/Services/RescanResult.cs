namespace PassthroughWeb.Services;

/// <summary>The outcome of a rescan: the new profile's id, or why there is none.</summary>
public sealed record RescanResult
{
    public int? ProfileId { get; init; }
    public string? Error { get; init; }

    /// <summary>Set when the actor's role does not allow scanning (then <see cref="Error"/> says so).</summary>
    public Core.Access.NotAllowed? Denied { get; init; }

    public bool Succeeded => ProfileId is not null;

    public static RescanResult Stored(int profileId) => new() { ProfileId = profileId };
    public static RescanResult Failed(string error) => new() { Error = error };
    public static RescanResult NotAllowed(Core.Access.NotAllowed denied) => new() { Error = denied.Message, Denied = denied };
}
