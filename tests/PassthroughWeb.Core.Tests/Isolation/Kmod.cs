using System.Text.RegularExpressions;
using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.Tests.Isolation;

/// <summary>
/// The real kmod on a configuration directory. <c>--showconfig</c> also prints options taken from this machine's
/// /proc/cmdline and aliases of its own modules, so every result is the difference from an empty directory.
/// </summary>
public static partial class Kmod
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IReadOnlyList<string>? _baseline;

    /// <summary>The options/softdep/blacklist/install/remove/alias lines modprobe reads from DIR, whitespace collapsed; skips when kmod is missing.</summary>
    public static async Task<IReadOnlyList<string>> ShowConfigAsync(string directory, CancellationToken cancellationToken)
    {
        var baseline = await BaselineAsync(cancellationToken);
        var lines = await RawAsync(directory, cancellationToken);
        var remaining = baseline.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var line in lines)
        {
            if (remaining.TryGetValue(line, out var count) && count > 0) remaining[line] = count - 1;
            else result.Add(line);
        }
        return result;
    }

    public static async Task<CommandResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await new ProcessCommandRunner().RunAsync(new CommandRequest("modprobe", arguments) { Timeout = TimeSpan.FromMinutes(1) }, cancellationToken);
        if (!result.Started) Assert.Skip($"modprobe could not be started ({result.StandardError}): apt-get install -y kmod.");
        return result;
    }

    private static async Task<IReadOnlyList<string>> BaselineAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_baseline is not null) return _baseline;
            var empty = Directory.CreateTempSubdirectory("passthroughweb-kmod-empty-");
            try
            {
                _baseline = await RawAsync(empty.FullName, cancellationToken);
            }
            finally
            {
                empty.Delete(recursive: true);
            }
            return _baseline;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<IReadOnlyList<string>> RawAsync(string directory, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["-C", directory, "--showconfig"], cancellationToken);
        Assert.True(result.Succeeded, $"modprobe --showconfig failed: {result.StandardError}");
        return result.StandardOutput.Split('\n')
            .Where(l => Directive().IsMatch(l))
            .Select(l => Blanks().Replace(l, " ").Trim())
            .ToList();
    }

    [GeneratedRegex("^(options|softdep|blacklist|install|remove|alias) ")]
    private static partial Regex Directive();

    [GeneratedRegex("[ \t]+")]
    private static partial Regex Blanks();
}
