using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.Isolation.Initramfs;

/// <summary>Asks the real shells what a configuration file means: the file is sourced, never parsed by us again.</summary>
internal static class ShellProbe
{
    private static readonly ProcessCommandRunner Runner = new();

    /// <summary>Sources the files in order with bash and returns each variable's words (split as the tools split them).</summary>
    public static async Task<Dictionary<string, List<string>>> SourceAsync(IReadOnlyList<string> files, params string[] variables)
    {
        // The file names and variable names are arguments, never part of the script text.
        const string script = """
            n=$1; shift
            i=0
            while [ "$i" -lt "$n" ]; do source "$1" || exit 3; shift; i=$((i+1)); done
            for v in "$@"; do
                declare -n ref="$v"
                printf '%s=' "$v"
                printf '%s\037' ${ref[@]}
                printf '\n'
                unset -n ref
            done
            """;
        var result = await Runner.RunAsync(new CommandRequest("bash", ["-c", script, "probe", files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), .. files, .. variables]), TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, $"bash could not source {string.Join(", ", files)}: {result.StandardError}");
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            values[line[..equals]] = [.. line[(equals + 1)..].Split('\u001f', StringSplitOptions.RemoveEmptyEntries)];
        }
        return values;
    }

    /// <summary>Checks a script's syntax with the shell that will run it (<c>sh -n</c>, <c>bash -n</c>).</summary>
    public static async Task AssertSyntaxAsync(string shell, string file)
    {
        var result = await Runner.RunAsync(new CommandRequest(shell, ["-n", file]), TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, $"{shell} -n {file}: {result.StandardError}");
    }
}
