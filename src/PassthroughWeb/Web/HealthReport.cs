namespace PassthroughWeb.Web;

/// <summary>The body of <c>/health</c>: <c>ok</c> or <c>unavailable</c>, nothing more.</summary>
public sealed record HealthReport(string Status);
