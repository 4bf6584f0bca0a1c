using Microsoft.AspNetCore.Authentication;
using PassthroughWeb.Services.Agents;

namespace PassthroughWeb.Web.Agents;

/// <summary>The agent hub: its token scheme, its policy, its timing, the registry of live agents, in one place.</summary>
public static class AgentRegistration
{
    public static IServiceCollection AddAgentHub(this IServiceCollection services, AgentHubSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton<AgentConnections>();
        services.AddSingleton<AgentReports>();
        services.AddSingleton<RemoteSteps>();
        // The pages' steps 2 to 4: here for this app's hosts, through RemoteSteps for agents' hosts.
        services.AddSingleton<Services.Operations.StepOperations>();
        services.AddSingleton<Services.Operations.VmOperations>();
        services.AddHostedService<AgentTokenWatch>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, AgentTokenHandler>(AgentTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(AgentHub.Policy, policy => policy
            .AddAuthenticationSchemes(AgentTokenHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(AgentClaims.Host));
        services.AddSignalR().AddHubOptions<AgentHub>(hub =>
        {
            hub.ClientTimeoutInterval = settings.OfflineAfter;
            // A profile of a large host (hundreds of devices) is a few hundred kilobytes of JSON.
            hub.MaximumReceiveMessageSize = 8 * 1024 * 1024;
        });
        return services;
    }

    public static WebApplication MapAgentHub(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHub<AgentHub>(AgentHub.Path);
        return app;
    }
}
