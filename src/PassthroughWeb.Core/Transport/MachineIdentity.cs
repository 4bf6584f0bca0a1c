namespace PassthroughWeb.Core.Transport;

/// <summary>
/// The names and addresses this machine answers to on the network: browsers on the LAN use them, so they are
/// allowed in the Host header and written into a generated certificate.
/// </summary>
/// <param name="HostName">The machine's host name (<c>workstation</c>).</param>
/// <param name="Addresses">Its unicast addresses, loopback and IPv6 link-local left out (<c>192.168.1.10</c>, <c>fd00::10</c>).</param>
public sealed record MachineIdentity(string HostName, IReadOnlyList<string> Addresses);
