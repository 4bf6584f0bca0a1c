namespace PassthroughWeb.Web.Access;

/// <summary>Where a request carries an access token: the Authorization header, or the query string on a hub path.</summary>
public static class AccessTokenRequest
{
    public const string QueryParameter = "access_token";

    /// <summary>The token the request sends, or null when it sends none (then the sign-in cookie decides).</summary>
    public static string? Find(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Bearer ".Length..].Trim();
            return token.Length == 0 ? null : token;
        }
        if (HubPaths.Contains(request.Path) && request.Query[QueryParameter].ToString() is { Length: > 0 } fromQuery)
            return fromQuery;
        return null;
    }
}
