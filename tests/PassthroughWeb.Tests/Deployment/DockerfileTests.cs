using System.Xml.Linq;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Tests.Deployment;

/// <summary>
/// The image cannot be built here (no Docker engine), so the Dockerfile is read as instructions and its build
/// stage is replayed where it can be: the restore layer runs for real on exactly the files it copies.
/// </summary>
public sealed class DockerfileTests : IDisposable
{
    private const string AppProject = "src/PassthroughWeb/PassthroughWeb.csproj";
    private readonly string _dir = Directory.CreateTempSubdirectory("pw-docker-").FullName;

    private sealed record Instruction(int Stage, string Keyword, string Arguments);

    private static List<Instruction> Instructions()
    {
        var result = new List<Instruction>();
        var stage = -1;
        var pending = "";
        foreach (var raw in RepositoryFiles.ReadText("Dockerfile").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            line = (pending + line).Trim();
            pending = "";
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var keyword = line[..space].ToUpperInvariant();
            if (keyword == "FROM") stage++;
            result.Add(new Instruction(stage, keyword, line[(space + 1)..].Trim()));
        }
        return result;
    }

    [Fact]
    public void Dockerfile_Stages_BuildWithTheSdkAndRunOnTheAspNetRuntime()
    {
        var froms = Instructions().Where(i => i.Keyword == "FROM").Select(i => i.Arguments).ToList();

        Assert.Equal(2, froms.Count);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build$", froms[0]);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", froms[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_Runtime_HasNsenterAndLspciAndStartsTheApp()
    {
        var runtime = Instructions().Where(i => i.Stage == 1).ToList();

        var install = Assert.Single(runtime, i => i.Keyword == "RUN" && i.Arguments.Contains("apt-get install", StringComparison.Ordinal));
        Assert.Contains(" util-linux", install.Arguments, StringComparison.Ordinal);
        Assert.Contains(" pciutils", install.Arguments, StringComparison.Ordinal);
        Assert.Contains(runtime, i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build /app", StringComparison.Ordinal));

        var assemblyName = XDocument.Load(RepositoryFiles.PathOf(AppProject)).Descendants("AssemblyName").Single().Value;
        Assert.Equal($"[\"dotnet\", \"{assemblyName}.dll\"]", Assert.Single(runtime, i => i.Keyword == "ENTRYPOINT").Arguments);
        var command = Assert.Single(runtime, i => i.Keyword == "CMD").Arguments;
        Assert.Contains("\"--root\", \"/host\"", command, StringComparison.Ordinal);
        Assert.Contains("\"--nsenter\"", command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dockerfile_Command_IsAServeTheListenRulesAcceptOnLoopback()
    {
        var command = Assert.Single(Instructions(), i => i.Keyword == "CMD").Arguments;
        var arguments = System.Text.Json.JsonSerializer.Deserialize<string[]>(command)!;

        var plan = await DeploymentCommandLine.ServeAsync(arguments);

        Assert.All(plan.Endpoints, e => Assert.True(e.IsLoopback, $"{e.Url} is not loopback"));
    }

    [Fact]
    public void Dockerfile_CopySources_ExistInTheRepository()
    {
        foreach (var copy in Instructions().Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal)))
        {
            var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in parts[..^1])
                Assert.True(File.Exists(RepositoryFiles.PathOf(source)) || Directory.Exists(RepositoryFiles.PathOf(source)), $"COPY {source}: no such file in the repository");
        }
    }

    [Fact]
    public void Dockerfile_RestoreLayer_CopiesEveryProjectTheAppReferences()
    {
        var copied = RestoreLayerFiles();

        foreach (var project in ProjectClosure(AppProject))
            Assert.True(copied.Contains(project), $"{project} is referenced by the app but not copied before 'dotnet restore'");
        Assert.Contains("Directory.Packages.props", copied);
        Assert.Contains("Directory.Build.props", copied);
    }

    [Fact]
    public async Task Dockerfile_RestoreLayer_RestoresFromTheCopiedFilesAlone()
    {
        foreach (var file in RestoreLayerFiles())
        {
            var target = Path.Combine(_dir, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(RepositoryFiles.PathOf(file), target);
        }
        var restore = Assert.Single(Instructions(), i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore ", StringComparison.Ordinal));
        var arguments = restore.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];

        var result = await new ProcessCommandRunner().RunAsync(
            new CommandRequest("dotnet", arguments) { WorkingDirectory = _dir, Timeout = TimeSpan.FromMinutes(5) },
            TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, $"dotnet {string.Join(' ', arguments)} on the copied files failed:\n{result.StandardOutput}\n{result.StandardError}");
    }

    [Fact]
    public void DockerIgnore_KeepsEverythingThePublishNeeds()
    {
        var ignored = RepositoryFiles.ReadText(".dockerignore").Split('\n')
            .Select(l => l.Trim().TrimEnd('/'))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);

        foreach (var project in ProjectClosure(AppProject))
            Assert.DoesNotContain(project.Split('/')[0], ignored);
        Assert.DoesNotContain("wwwroot", ignored);
        Assert.Contains("**/bin", ignored);
        Assert.Contains("**/obj", ignored);
    }

    /// <summary>The files the build stage copies before it restores (destination paths relative to /src).</summary>
    private static HashSet<string> RestoreLayerFiles()
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instruction in Instructions().Where(i => i.Stage == 0))
        {
            if (instruction.Keyword == "RUN" && instruction.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal)) break;
            if (instruction.Keyword != "COPY") continue;
            var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var destination = parts[^1] == "./" ? "" : parts[^1];
            foreach (var source in parts[..^1])
                files.Add(destination.EndsWith('/') ? destination + Path.GetFileName(source) : destination.Length == 0 ? source : destination);
        }
        return files;
    }

    /// <summary>The project and every project it references, transitively, as repository-relative paths.</summary>
    private static SortedSet<string> ProjectClosure(string project)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current)) continue;
            var directory = Path.GetDirectoryName(RepositoryFiles.PathOf(current))!;
            foreach (var reference in XDocument.Load(RepositoryFiles.PathOf(current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(RepositoryFiles.Root, full).Replace('\\', '/'));
            }
        }
        return seen;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
