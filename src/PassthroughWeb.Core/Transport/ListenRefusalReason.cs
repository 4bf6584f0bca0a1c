namespace PassthroughWeb.Core.Transport;

/// <summary>Why <c>serve</c> will not listen as it was asked to.</summary>
public enum ListenRefusalReason
{
    /// <summary>A URL of <c>--urls</c> is not an http:// or https:// address with a host and an optional port.</summary>
    InvalidUrl,

    /// <summary>Plain HTTP on an address other than loopback, without <c>--insecure-http</c>.</summary>
    PlainHttpOnNetwork,

    /// <summary><c>--certificate</c> without <c>--key</c>, or the other way round.</summary>
    CertificateIncomplete,

    /// <summary><c>--certificate</c> given, but no https:// URL would use it.</summary>
    CertificateWithoutHttps,

    /// <summary>An <c>--allowed-host</c> value is not a host name or an address.</summary>
    InvalidAllowedHost,
}
