namespace PassthroughWeb.Web;

/// <summary>The body of <c>/health</c>.</summary>
public sealed record HealthReport(string Status, string Database, int Hosts);
