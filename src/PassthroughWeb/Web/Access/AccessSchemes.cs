namespace PassthroughWeb.Web.Access;

/// <summary>The authentication schemes of the web app.</summary>
public static class AccessSchemes
{
    /// <summary>The default: looks at the request and forwards to <see cref="Token"/> or to Identity's sign-in cookie.</summary>
    public const string CookieOrToken = "CookieOrToken";

    /// <summary>An access token (<c>Authorization: Bearer pwt_…</c>, or <c>access_token</c> on a hub path).</summary>
    public const string Token = "Token";
}
