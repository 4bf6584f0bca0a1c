namespace PassthroughWeb.Web.Access;

/// <summary>
/// Where scripts and programs call, not people: the API, its OpenAPI document and the hubs. A request there that is not
/// signed in gets a bare 401 or 403, never a redirect to the sign-in page a program cannot fill in.
/// </summary>
public static class ScriptPaths
{
    private static readonly PathString[] Prefixes = [new("/api"), new("/openapi")];

    public static bool Contains(PathString path) =>
        Prefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) || HubPaths.Contains(path);
}
