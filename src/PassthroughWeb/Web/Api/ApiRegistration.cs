using Microsoft.OpenApi;
using PassthroughWeb.Web.Access;

namespace PassthroughWeb.Web.Api;

/// <summary>The HTTP API under <c>/api</c> and its OpenAPI document, registered and mapped in one place each (docs/api.md).</summary>
public static class ApiRegistration
{
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>The name of the access-token scheme in the OpenAPI document.</summary>
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddPassthroughApi(this IServiceCollection services)
    {
        services.AddOpenApi(options =>
        {
            // The document describes the API, not the pages, the sign-in forms or the health probe.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "PassthroughWeb API";
                document.Info.Description =
                    "Drives the same engine as the web pages and the command line, and answers the same JSON documents as the CLI's --json (docs/cli.md). " +
                    "Every route needs a signed-in user or an access token (Authorization: Bearer pwt_…); the POST routes need a token. " +
                    "Viewers read and plan; Operators also apply, verify, rehearse, roll back, shut VMs down, create VMs and mark step 5 done. Errors are problem details (RFC 9457). See docs/api.md.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An access token (pwt_…): `PassthroughWeb token create --user NAME`, or the Account page (docs/security.md).",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapPassthroughApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api").RequireAuthorization();
        api.AddEndpointFilter(async (context, next) =>
        {
            // The API's answers are its own: never the error pages the status code pages middleware re-executes.
            AccessRegistration.DisableStatusCodePages(context.HttpContext);
            return UnsafeWithoutToken(context.HttpContext) ? ApiResults.TokenRequired() : await next(context);
        });
        api.MapHostsApi();
        api.MapStepsApi();
        api.MapVmsApi();
        api.MapChangeSetsApi();
        api.MapHistoryApi();
        api.MapRolloutsApi();
        // Reached by a path no route has, and by a body sent as something other than JSON (routing then matches no route).
        api.Map("/{**path}", (HttpContext context) => IsSafe(context.Request.Method) || context.Request.HasJsonContentType()
            ? ApiResults.NoRoute(context.Request.Method, context.Request.Path)
            : ApiResults.NotJson(context.Request.ContentType)).ExcludeFromDescription();
        app.MapOpenApi();
        return app;
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>
    /// A change (any method but GET, HEAD and OPTIONS) sent with the sign-in cookie rather than a token. A browser
    /// attaches the cookie to requests other sites make it send; it never attaches a token, so a change that needs one
    /// cannot be forged cross-site (docs/security.md).
    /// </summary>
    private static bool UnsafeWithoutToken(HttpContext context) =>
        !IsSafe(context.Request.Method) && context.User.Identity is { IsAuthenticated: true } identity && identity.AuthenticationType != AccessSchemes.Token;
}
