using System.Text.Json;

namespace PassthroughWeb.Tests.Cli;

/// <summary>Every property path of a JSON document (<c>gpus[].verdict</c>), array items merged: what docs/cli.md must describe.</summary>
internal static class JsonFieldPaths
{
    public static SortedSet<string> Of(JsonElement element)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        Collect(element, "", paths);
        return paths;
    }

    private static void Collect(JsonElement element, string prefix, SortedSet<string> paths)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                var path = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
                paths.Add(path);
                Collect(property.Value, path, paths);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) Collect(item, prefix + "[]", paths);
        }
    }
}
