namespace PassthroughWeb.Web.Access;

/// <summary>
/// Marks the pages and endpoints a signed-in user without two-factor sign-in may still reach when an Admin requires
/// it: the enrolment page and sign-out. Everything else sends them to enrol first.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class AllowedBeforeTwoFactorAttribute : Attribute;
