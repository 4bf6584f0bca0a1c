namespace PassthroughWeb.Services;

/// <summary>The outcome of a rescan: the new profile's id, or why there is none.</summary>
public sealed record RescanResult
{
    public int? ProfileId { get; init; }
    public string? Error { get; init; }

    public bool Succeeded => ProfileId is not null;

    public static RescanResult Stored(int profileId) => new() { ProfileId = profileId };
    public static RescanResult Failed(string error) => new() { Error = error };
}
