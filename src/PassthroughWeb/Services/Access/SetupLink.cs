namespace PassthroughWeb.Services.Access;

/// <summary>The setup secret issued at this start (null when the app already has users), kept to print the link once listening.</summary>
public sealed class SetupLink
{
    private int _announced;

    public string? Secret { get; set; }

    /// <summary>True once: the link is printed when the app listens or when the secret is issued, whichever comes last.</summary>
    public bool TryMarkAnnounced() => Interlocked.Exchange(ref _announced, 1) == 0;

    /// <summary>The path of the setup page.</summary>
    public const string Path = "/setup";

    /// <summary>The line printed to the log and console: the word "setup" and the link, on one line.</summary>
    public static string Announcement(Uri link) =>
        $"First start: there are no users yet. Open this one-time setup link to create the first Admin: {link}";

    public static Uri LinkFor(Uri baseAddress, string secret) => new(baseAddress, $"setup?token={Uri.EscapeDataString(secret)}");
}
