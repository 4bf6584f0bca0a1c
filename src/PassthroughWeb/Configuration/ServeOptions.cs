using PassthroughWeb.Core.Transport;

namespace PassthroughWeb.Configuration;

/// <summary>How the web app is started (from <c>serve</c>, or no verb at all).</summary>
public sealed record ServeOptions
{
    /// <summary>
    /// Where and how to listen, as <see cref="ListenPlanner"/> decided it; by default <c>http://127.0.0.1:5080</c>, this
    /// machine only.
    /// </summary>
    public ListenPlan Listen { get; init; } = DefaultListen;

    /// <summary>The plan for <see cref="ListenPlanner.DefaultUrls"/>: loopback, so no name of the machine is needed.</summary>
    public static ListenPlan DefaultListen { get; } =
        ListenPlanner.Plan(new ListenRequest { Machine = new MachineIdentity("localhost", []) }).Plan!;

    /// <summary>The data directory, already resolved by <see cref="DataDirectory.Resolve"/>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The host root to scan (default <c>/</c>).</summary>
    public string Root { get; init; } = "/";

    /// <summary>Add the "Sample workstation" host built from the guide's hardware.</summary>
    public bool Demo { get; init; }

    /// <summary>The libvirt connection steps 4 and 5 use (<c>virsh -c URI</c>) as <c>--connect</c> named it; null: qemu:///system, not named (a copy of a host then never changes it).</summary>
    public string? LibvirtConnection { get; init; }

    /// <summary>A host whose agent sent nothing for this long is offline (<c>--agent-timeout</c>; 30 s).</summary>
    public TimeSpan AgentOfflineAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the hub waits for an agent's answer to a step (<c>--agent-answer-timeout</c>); null: 60 s for a plan, verify or history, 5 min for an apply or rollback.</summary>
    public TimeSpan? AgentAnswerTimeout { get; init; }

    /// <summary>The app's database: the data directory's SQLite file when null, else PostgreSQL (<c>--database</c>, docs/scaling.md).</summary>
    public Data.DatabaseLocation? Database { get; init; }

    /// <summary>The Redis server several hub instances share (<c>--redis HOST:PORT</c>); null: one instance, nothing shared.</summary>
    public string? Redis { get; init; }

    /// <summary>Run programs in the host's namespaces through nsenter (the container case).</summary>
    public bool UseNsenter { get; init; }
}
