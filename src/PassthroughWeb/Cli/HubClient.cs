using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace PassthroughWeb.Cli;

/// <summary>
/// A SignalR connection from a verb to the app's hubs (<c>watch</c>, <c>agent</c>): the token as the bearer, WebSockets
/// or long polling, and, when the verb was told which certificate to trust, the same rule on both transports' TLS
/// (HTTP for negotiation and polling, the WebSocket for the stream). Without one, .NET's own validation decides.
/// </summary>
internal static class HubClient
{
    public static HubConnection Build(Uri hub, string token, Func<X509Certificate2?, SslPolicyErrors, bool>? trusted) => new HubConnectionBuilder()
        .WithUrl(hub, options =>
        {
            options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            options.Transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling;
            if (trusted is null) return;
            options.HttpMessageHandlerFactory = handler =>
            {
                if (handler is HttpClientHandler http) http.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => trusted(certificate, errors);
                return handler;
            };
            options.WebSocketConfiguration = socket => socket.RemoteCertificateValidationCallback = (_, certificate, _, errors) => trusted(certificate as X509Certificate2, errors);
        })
        .Build();
}
