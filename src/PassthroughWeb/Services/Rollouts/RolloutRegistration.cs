using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PassthroughWeb.Services.Rollouts;

/// <summary>
/// Rollouts on the hub: they reach agents' hosts through the agent hub (<see cref="Agents.RemoteSteps"/>), so they are
/// the web app's, registered next to it, and their driver is a hosted service of the web app.
/// </summary>
public static class RolloutRegistration
{
    public static IServiceCollection AddRollouts(this IServiceCollection services)
    {
        services.TryAddSingleton(new RolloutLeaseOptions());
        services.AddSingleton<RolloutLease>();
        services.AddSingleton<RolloutHostSteps>();
        services.AddSingleton<RolloutRunner>();
        services.AddSingleton<RolloutDriver>();
        services.AddHostedService(provider => provider.GetRequiredService<RolloutDriver>());
        services.AddSingleton<RolloutOperation>();
        return services;
    }
}
