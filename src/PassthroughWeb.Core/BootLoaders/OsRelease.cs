using PassthroughWeb.Core.Host;

namespace PassthroughWeb.Core.BootLoaders;

/// <summary>The distribution, from <c>/etc/os-release</c> (or <c>/usr/lib/os-release</c>): ID, ID_LIKE and the pretty name.</summary>
public sealed record OsRelease
{
    public static OsRelease Unknown { get; } = new() { Id = "", IdLike = [], PrettyName = "" };

    public required string Id { get; init; }
    public required IReadOnlyList<string> IdLike { get; init; }
    public required string PrettyName { get; init; }

    /// <summary>Whether the distribution is, or is like, one of <paramref name="ids"/>.</summary>
    public bool IsLike(params string[] ids) => ids.Contains(Id, StringComparer.Ordinal) || IdLike.Any(l => ids.Contains(l, StringComparer.Ordinal));

    public static OsRelease Read(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var text = root.TryReadText("etc/os-release") ?? root.TryReadText("usr/lib/os-release");
        return text is null ? Unknown : Parse(text);
    }

    public static OsRelease Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || eq <= 0) continue;
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]) value = value[1..^1];
            values[line[..eq]] = value.Replace("\\\"", "\"", StringComparison.Ordinal);
        }
        return new OsRelease
        {
            Id = values.GetValueOrDefault("ID", "").ToLowerInvariant(),
            IdLike = values.GetValueOrDefault("ID_LIKE", "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries),
            PrettyName = values.GetValueOrDefault("PRETTY_NAME", values.GetValueOrDefault("NAME", "")),
        };
    }
}
