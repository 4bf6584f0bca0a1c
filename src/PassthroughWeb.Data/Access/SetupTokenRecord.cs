namespace PassthroughWeb.Data.Access;

/// <summary>
/// The one-time setup link printed at a start with no users. Only the hash is stored; using the link marks it
/// used in the same step that creates the first Admin, so it works once.
/// </summary>
public sealed class SetupTokenRecord
{
    public int Id { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>The Admin the link created.</summary>
    public string? UsedBy { get; set; }
}
