namespace PassthroughWeb.Web.Api;

/// <summary>The optional body of <c>POST /api/change-sets/{id}/rollback</c>.</summary>
public sealed record RollbackRequestBody
{
    /// <summary>Roll back even files edited since the change set wrote them (those edits are lost), as <c>rollback --force</c>.</summary>
    public bool Force { get; init; }
}
