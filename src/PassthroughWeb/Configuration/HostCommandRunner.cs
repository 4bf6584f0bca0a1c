using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Configuration;

/// <summary>Picks how host programs run: directly, or inside the host's namespaces when the app is in a container.</summary>
public static class HostCommandRunner
{
    public static ICommandRunner Create(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Create(options.UseNsenter);
    }

    public static ICommandRunner Create(bool useNsenter) =>
        useNsenter ? new NsenterCommandRunner(new ProcessCommandRunner()) : new ProcessCommandRunner();
}
