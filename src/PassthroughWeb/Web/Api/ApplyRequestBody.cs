namespace PassthroughWeb.Web.Api;

/// <summary>The body of <c>POST /api/hosts/{name}/apply</c> for steps 2 and 3: the id of the plan the caller was shown.</summary>
public sealed record ApplyRequestBody
{
    /// <summary>The <c>planId</c> that <c>POST /api/hosts/{name}/plan</c> (or <c>plan --json</c>) answered.</summary>
    public string? PlanId { get; init; }
}
