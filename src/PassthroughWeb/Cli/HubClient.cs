using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace PassthroughWeb.Cli;

/// <summary>
/// A SignalR connection from a verb to the app's hubs (<c>watch</c>, <c>agent</c>): the token as the bearer, WebSockets
/// or long polling, and, when the verb was told which certificate to trust, the same rule on both transports' TLS
/// (HTTP for negotiation and polling, the WebSocket for the stream). Without one, .NET's own validation decides. Both
/// verbs reconnect the same way when the connection is lost (<see cref="WaitToReconnectAsync"/>).
/// </summary>
internal static class HubClient
{
    /// <summary>The waits between attempts to reconnect: the n-th failure in a row waits the n-th, the last one from then on.</summary>
    public static readonly IReadOnlyList<TimeSpan> BackOff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];

    /// <summary>Says on <paramref name="error"/> why and how long it waits (<c>watch: … reconnecting in 5 s.</c>), then waits; false when cancelled meanwhile.</summary>
    public static async Task<bool> WaitToReconnectAsync(TextWriter error, string verb, int failures, string why, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(error);
        var delay = BackOff[Math.Min(failures, BackOff.Count - 1)];
        await error.WriteLineAsync($"{verb}: {why}; reconnecting in {delay.TotalSeconds:0} s.").ConfigureAwait(false);
        await error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Why a connection failed, in one line: a refused connection's HttpRequestException already says what its
    /// SocketException says, so the inner message only when it adds something.
    /// </summary>
    public static string Reason(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.InnerException is { } inner && e is HttpRequestException && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{e.Message} {inner.Message}" : e.Message;
    }

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
