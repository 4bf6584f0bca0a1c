namespace PassthroughWeb.Components.Account;

/// <summary>Where to go after signing in: only a path of this app, never another site (an open redirect).</summary>
public static class LocalUrl
{
    public static string OrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
