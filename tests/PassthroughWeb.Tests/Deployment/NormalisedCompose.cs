using System.Text.Json;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Tests.Deployment;

/// <summary>
/// docker-compose.yml as Debian's docker-compose validates and normalises it (<c>config</c> needs no engine),
/// turned into JSON once per test class. docker-compose prints YAML; python3-yaml, one of its own
/// dependencies, converts it.
/// </summary>
public sealed class NormalisedCompose : IAsyncLifetime
{
    /// <summary>Why the file could not be checked here (docker-compose missing), or null.</summary>
    public string? SkipReason { get; private set; }

    public CommandResult? Config { get; private set; }

    public JsonElement Document { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var compose = RepositoryFiles.FindProgram("docker-compose");
        if (compose is null)
        {
            SkipReason = "docker-compose is not installed (./test.sh installs Debian's docker-compose).";
            return;
        }
        var runner = new ProcessCommandRunner();
        Config = await runner.RunAsync(
            new CommandRequest(compose, ["--project-directory", RepositoryFiles.Root, "-f", RepositoryFiles.PathOf("docker-compose.yml"), "config"])
            {
                Timeout = TimeSpan.FromMinutes(2),
            },
            CancellationToken.None);
        if (!Config.Succeeded) return;

        var dir = Directory.CreateTempSubdirectory("pw-compose-").FullName;
        try
        {
            var normalised = Path.Combine(dir, "normalised.yml");
            await File.WriteAllTextAsync(normalised, Config.StandardOutput);
            var json = await runner.RunAsync(
                new CommandRequest("python3", ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", normalised]),
                CancellationToken.None);
            if (!json.Succeeded) throw new InvalidOperationException($"python3 could not read docker-compose's output: {json.StandardError}");
            using var document = JsonDocument.Parse(json.StandardOutput);
            Document = document.RootElement.Clone();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
