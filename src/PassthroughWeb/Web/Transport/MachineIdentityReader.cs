using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using PassthroughWeb.Core.Transport;

namespace PassthroughWeb.Web.Transport;

/// <summary>Reads this machine's host name and addresses (in a container with the host's network, the host's).</summary>
internal static class MachineIdentityReader
{
    public static MachineIdentity Read()
    {
        var addresses = new List<string>();
        try
        {
            foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (network.OperationalStatus == OperationalStatus.Down) continue;
                foreach (var unicast in network.GetIPProperties().UnicastAddresses)
                {
                    var address = unicast.Address;
                    if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal) continue;
                    if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) continue;
                    addresses.Add(address.ToString());
                }
            }
        }
        catch (NetworkInformationException)
        {
            // No netlink (a locked-down sandbox): the machine is then reached by the names the admin gives.
        }
        return new MachineIdentity(Dns.GetHostName(), addresses.Distinct(StringComparer.Ordinal).ToList());
    }
}
