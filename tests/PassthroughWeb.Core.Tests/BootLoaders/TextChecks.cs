using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.BootLoaders;

/// <summary>Checks the boot-loader tests share: how many lines an edit touched, and what bash reads from a GRUB file.</summary>
internal static class TextChecks
{
    /// <summary>
    /// How many lines differ: with as many lines before as after, the lines edited in place; otherwise the stretch left once the
    /// common leading and trailing lines are set aside (one inserted line gives one).
    /// </summary>
    public static int ChangedLines(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        // Same number of lines: edits in place, counted one by one wherever they are.
        if (a.Length == b.Length) return a.Zip(b).Count(p => p.First != p.Second);
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)]) tail++;
        return Math.Max(a.Length - head - tail, b.Length - head - tail);
    }

    /// <summary>Sources the files in order with bash, as grub-mkconfig does, and prints the variables' values.</summary>
    public static async Task<string> SourceAsync(IReadOnlyList<string> machinePaths, params string[] variables)
    {
        var printf = string.Join("; ", variables.Select(v => $"printf '%s ' \"${v}\""));
        var request = new CommandRequest("bash", ["-c", $"for f in \"$@\"; do source \"$f\"; done >/dev/null 2>&1; {printf}", "bash", .. machinePaths])
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var result = await new ProcessCommandRunner().RunAsync(request, TestContext.Current.CancellationToken);
        Assert.True(result.Started, result.StandardError);
        return result.StandardOutput;
    }

    public static int Count(IEnumerable<string> tokens, string parameter) => tokens.Count(t => t == parameter);

    public static IReadOnlyList<string> Words(string value) => value.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
}
