namespace PassthroughWeb.Core.Transport;

/// <summary>What <c>serve</c> was asked for about the network, before anything is decided.</summary>
public sealed record ListenRequest
{
    /// <summary><c>--urls</c>: one or more URLs separated by <c>;</c>.</summary>
    public string Urls { get; init; } = ListenPlanner.DefaultUrls;

    /// <summary><c>--insecure-http</c>: TLS ends in a reverse proxy in front of the app.</summary>
    public bool InsecureHttp { get; init; }

    /// <summary><c>--certificate</c>: a PEM certificate (chain) for the https:// URLs.</summary>
    public string? CertificatePath { get; init; }

    /// <summary><c>--key</c>: the PEM private key of <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; init; }

    /// <summary><c>--allowed-host</c>: further names or addresses browsers may use to reach the app.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    public required MachineIdentity Machine { get; init; }
}
