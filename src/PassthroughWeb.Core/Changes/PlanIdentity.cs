using System.Text.RegularExpressions;
using PassthroughWeb.Core.Scanning;

namespace PassthroughWeb.Core.Changes;

/// <summary>
/// The fingerprint of a plan as it was shown: the host, the card, the steps, every file's content on the host and the
/// content the plan writes, every VM definition before and after, every command and the caller's options. Applying
/// "the plan with this id" means planning again and finding the same id; when the id differs, <see cref="Compare"/>
/// names what moved. Two plans share an id only when they would do the same thing to the same host.
/// </summary>
public sealed partial record PlanIdentity
{
    /// <summary>What an id starts with, so that one reads as a plan's id in logs and on a command line.</summary>
    public const string Prefix = "pl_";

    // 96 bits: short enough to type from a terminal, far beyond any chance collision between plans of one host.
    private const int IdHexLength = 24;

    // Bumped whenever the encoding changes, so an id stored by an older version never matches by accident.
    private const string Version = "passthroughweb-plan/1";

    /// <summary><c>pl_</c> and 24 lower-case hex digits.</summary>
    public required string Id { get; init; }

    /// <summary>The host's name, as the scan reports it.</summary>
    public required string Host { get; init; }

    /// <summary>The card the plan is for; null for a plan of no card.</summary>
    public PciAddress? Gpu { get; init; }

    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary>Files, then domains, then commands in plan order, then the caller's options in the order given.</summary>
    public required IReadOnlyList<PlanPart> Parts { get; init; }

    /// <summary>The identity of <paramref name="plan"/> for <paramref name="host"/> and <paramref name="gpu"/>.</summary>
    /// <param name="inputs">Options the plan was made with that must match at apply time; their values are kept only as hashes.</param>
    public static PlanIdentity Of(string host, PciAddress? gpu, ChangePlan plan, IEnumerable<PlanInput>? inputs = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentNullException.ThrowIfNull(plan);
        var parts = new List<PlanPart>();
        foreach (var file in plan.Files)
        {
            parts.Add(new PlanPart(PlanPartKind.FileBefore, file.Path, ContentHash("file-before", file.Before)));
            parts.Add(new PlanPart(PlanPartKind.FileAfter, file.Path, PlanEncoding.Hash("file-after", e => e
                .Add(file.After)
                .Add(file.Mode is { } mode ? (long)mode : -1))));
        }
        foreach (var domain in plan.Domains)
        {
            parts.Add(new PlanPart(PlanPartKind.DomainBefore, domain.Name, ContentHash("domain-before", domain.Before)));
            parts.Add(new PlanPart(PlanPartKind.DomainAfter, domain.Name, PlanEncoding.Hash("domain-after", e =>
            {
                e.Add(domain.Connection).Add(domain.ConnectionNamed ? 1 : 0).Add(domain.After);
                if (domain.NewVolume is not { } volume) e.Add(0);
                else e.Add(1).Add(volume.Pool).Add(volume.Name).Add(volume.CapacityBytes).Add(volume.Format);
            })));
        }
        foreach (var step in plan.Commands)
        {
            parts.Add(new PlanPart(PlanPartKind.Command, step.Command.Display, PlanEncoding.Hash("command", e => e
                .Add(step.Command.Program)
                .Add(step.Command.Arguments)
                .Add(step.Command.WorkingDirectory))));
        }
        foreach (var input in inputs ?? [])
        {
            ArgumentNullException.ThrowIfNull(input);
            parts.Add(new PlanPart(PlanPartKind.Input, input.Name, PlanEncoding.Hash("input", e => e.Add(input.Value))));
        }

        var steps = plan.Steps.ToArray();
        var id = PlanEncoding.Hash(Version, e =>
        {
            e.Add(host).Add(gpu?.ToString()).Add(steps).Add(parts.Count);
            foreach (var part in parts) e.Add(part.Kind.ToString()).Add(part.Name).Add(part.Hash);
        });
        return new PlanIdentity { Id = Prefix + id[..IdHexLength], Host = host, Gpu = gpu, Steps = steps, Parts = parts };
    }

    /// <summary>
    /// Whether <paramref name="text"/> has the shape of a plan id. Check before using an id from a user as a name
    /// (a file, a key): only an id of this shape can be one this app made.
    /// </summary>
    public static bool IsWellFormedId(string? text) => text is not null && IdPattern().IsMatch(text);

    /// <summary>
    /// What changed between the plan that was shown and the plan the host gives now, one sentence each in the order a
    /// user reads a plan (card, steps, files, VMs, commands, options); empty when both are the same plan.
    /// </summary>
    public static IReadOnlyList<string> Compare(PlanIdentity shown, PlanIdentity now) => PlanIdentityComparison.Compare(shown, now);

    private static string ContentHash(string domain, string? content) =>
        content is null ? PlanPart.Absent : PlanEncoding.Hash(domain, e => e.Add(content));

    [GeneratedRegex(@"\Apl_[0-9a-f]{24}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
