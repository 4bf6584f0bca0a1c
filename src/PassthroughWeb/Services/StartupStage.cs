namespace PassthroughWeb.Services;

/// <summary>The stages of <see cref="StartupProgress"/>, in order; <see cref="Failed"/> ends it instead of <see cref="Ready"/>.</summary>
public enum StartupStage
{
    /// <summary>Before listening: the database and the recovery of interrupted change sets.</summary>
    Preparing,

    /// <summary>Listening; scanning and verifying in the background.</summary>
    Working,

    Ready,

    Failed,
}
