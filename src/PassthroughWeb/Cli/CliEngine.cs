using Microsoft.Extensions.DependencyInjection;
using PassthroughWeb.Services;

namespace PassthroughWeb.Cli;

/// <summary>
/// The engine a verb works with: the same registration as the web app's (<see cref="EngineRegistration"/>), on the
/// verb's data directory, with the CLI's command runner and policy. Disposing it disposes what the container made.
/// </summary>
internal sealed class CliEngine(ServiceProvider provider) : IDisposable
{
    public T Get<T>() where T : notnull => provider.GetRequiredService<T>();

    public void Dispose() => provider.Dispose();

    /// <summary>
    /// Opens (and migrates) the data directory's database and builds the engine on it; <paramref name="connection"/> is
    /// <c>--connect</c> (null: qemu:///system). Null and a message when the data directory cannot be used.
    /// </summary>
    public static async Task<CliEngine?> OpenAsync(CliServices services, string dataDirectory, string? connection, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!await StepCommandSupport.OpenDatabaseAsync(dataDirectory, error, ct).ConfigureAwait(false)) return null;
        var options = new EngineOptions { DataDirectory = dataDirectory, CommandPolicy = services.CommandPolicy };
        if (!string.IsNullOrWhiteSpace(connection)) options = options with { LibvirtConnection = connection.Trim(), LibvirtConnectionNamed = true };
        var collection = new ServiceCollection();
        collection.AddPassthroughEngine(options, services.CommandRunner);
        return new CliEngine(collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }
}
