namespace PassthroughWeb.Services.Requests;

/// <summary>
/// How a door names the fields of a step request in its messages: the CLI by its options (<c>--gpu</c>), the HTTP API
/// by its JSON fields (<c>"gpu"</c>). The rules and the rest of each message are the same for both.
/// </summary>
public sealed record StepRequestWords
{
    public required string Gpu { get; init; }
    public required string StepsField { get; init; }
    public required string Extra { get; init; }
    public required string SingleGpu { get; init; }

    /// <summary>How to name the VM, as the door asks for it (<c>--vm NAME</c>, <c>"vm"</c>).</summary>
    public required string Vm { get; init; }

    /// <summary>The steps field holding the given steps (a comma-separated list), as the door writes it.</summary>
    public required Func<string, string> Steps { get; init; }

    /// <summary>Any other field, given by its command-line name without the dashes (<c>virtio-iso</c>), as the door writes it.</summary>
    public required Func<string, string> Field { get; init; }

    /// <summary>The command line's words; its messages are unchanged since the verbs first gave them.</summary>
    public static StepRequestWords CommandLine { get; } = new()
    {
        Gpu = "--gpu", StepsField = "--steps", Extra = "--extra", SingleGpu = "--single-gpu", Vm = "--vm NAME",
        Steps = steps => "--steps " + steps,
        Field = name => "--" + name,
    };

    /// <summary>The HTTP API's words: the JSON fields of its request bodies.</summary>
    public static StepRequestWords Json { get; } = new()
    {
        Gpu = "\"gpu\"", StepsField = "\"steps\"", Extra = "\"extras\"", SingleGpu = "\"singleGpu\"", Vm = "\"vm\" (its name)",
        Steps = steps => "\"steps\": [" + string.Join(", ", steps.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => $"\"{s}\"")) + "]",
        Field = name => $"\"{JsonFieldOf(name)}\"",
    };

    /// <summary>A command-line name as the JSON field of the same meaning: <c>virtio-iso</c> is <c>virtioIso</c>.</summary>
    private static string JsonFieldOf(string name) =>
        string.Concat(name.Split('-').Select((word, i) => i == 0 || word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..]));
}
