using System.Globalization;

namespace PassthroughWeb.Components.Shared;

/// <summary>The app's URLs in one place, so pages and tests agree on them. Host names are escaped (they may hold spaces).</summary>
public static class HostLinks
{
    public static string Host(string name) => "hosts/" + Uri.EscapeDataString(name);

    public static string Profiles(string name) => Host(name) + "/profiles";

    /// <summary>The picture of the host's PCI tree, with <paramref name="gpu"/> highlighted when given.</summary>
    public static string Topology(string name, PassthroughWeb.Core.Scanning.PciAddress? gpu = null) =>
        Host(name) + "/topology" + (gpu is { } card ? "?gpu=" + Uri.EscapeDataString(card.ToString()) : "");

    /// <summary>The profiles page comparing profile <paramref name="from"/> with profile <paramref name="to"/>.</summary>
    public static string Compare(string name, int from, int to) =>
        string.Create(CultureInfo.InvariantCulture, $"{Profiles(name)}?from={from}&to={to}");
}
