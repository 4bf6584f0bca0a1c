using System.Text.RegularExpressions;

namespace PassthroughWeb.Core.Agents;

/// <summary>
/// The name an agent token is bound to: a host name as <c>hostname</c> prints it (<c>gpu-node-017</c>,
/// <c>render-003.lab</c>). The hub knows a host by it, so it must be one the URLs and the history can carry as it is.
/// </summary>
public static partial class AgentHostName
{
    public const int MaxLength = 253;

    /// <summary>Null when <paramref name="name"/> is a valid host name; otherwise why not, in words.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "An agent token needs the host name of the machine its agent runs on (as `hostname` prints it).";
        if (name.Length > MaxLength) return $"'{name[..40]}…' is longer than a host name may be ({MaxLength} characters).";
        return Shape().IsMatch(name)
            ? null
            : $"'{name}' is not a host name: use letters, digits, '-' and '.', starting and ending with a letter or digit (for example gpu-node-017).";
    }

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
