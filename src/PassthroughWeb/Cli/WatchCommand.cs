using System.CommandLine;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using PassthroughWeb.Core.Events;
using PassthroughWeb.Web.Live;

namespace PassthroughWeb.Cli;

/// <summary>
/// <c>PassthroughWeb watch --url URL --token TOKEN [--host NAME] [--json]</c>: prints a running app's live feed as it
/// comes, from <c>/hubs/status</c>, and keeps doing so across restarts of the app (reconnecting with back-off).
/// </summary>
public static class WatchCommand
{
    public static Command Create(CliServices services)
    {
        var url = new Option<string>("--url") { Description = "The app's address, as a browser opens it (http://127.0.0.1:5080).", HelpName = "URL", Required = true };
        var token = new Option<string?>("--token")
        {
            Description = "An access token (`PassthroughWeb token create`); a Viewer's is enough. Without it, the PASSTHROUGHWEB_TOKEN environment variable, which other users cannot read in the process list.",
            HelpName = "TOKEN",
        };
        var host = new Option<string?>("--host") { Description = "Only this host's events (by name, as the app lists it). Default: every host.", HelpName = "NAME" };
        var json = new Option<bool>("--json") { Description = "One JSON object per event and line (each with a \"type\"), as docs/api.md describes, and nothing else on stdout." };
        var fingerprint = new Option<string?>("--fingerprint")
        {
            Description = "Trust an HTTPS certificate with this SHA-256 fingerprint (the one `serve` prints) even though no authority signed it.",
            HelpName = "SHA256",
        };
        var command = new Command("watch", "Print a running app's live events (scans, plans, change sets with every file and command line, rehearsals, verifications) as they happen; reconnects when the app restarts. Ctrl+C stops.")
        {
            url, token, host, json, fingerprint,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!Uri.TryCreate(parseResult.GetValue(url), UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                await error.WriteLineAsync($"'{parseResult.GetValue(url)}' is not an app address: give it as http://HOST:PORT or https://HOST:PORT, as `serve` prints it.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            var secret = parseResult.GetValue(token) ?? services.GetEnvironmentVariable("PASSTHROUGHWEB_TOKEN");
            if (string.IsNullOrWhiteSpace(secret))
            {
                await error.WriteLineAsync("watch needs an access token: --token TOKEN or the PASSTHROUGHWEB_TOKEN environment variable (make one with `PassthroughWeb token create --user NAME --name LABEL`).").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            var pinned = parseResult.GetValue(fingerprint) is { } given ? Normalize(given) : null;
            var watch = new Watch(new Uri(baseUri, StatusHub.Path.TrimStart('/')), secret.Trim(), parseResult.GetValue(host), parseResult.GetValue(json), pinned, output, error);
            return await watch.RunAsync(ct).ConfigureAwait(false);
        });
        return command;
    }

    private static string Normalize(string fingerprint) => fingerprint.Replace(":", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    private sealed class Watch(Uri hub, string token, string? host, bool json, string? pinnedFingerprint, TextWriter output, TextWriter error)
    {
        private string? _feedId;
        private long _lastSequence;

        public async Task<int> RunAsync(CancellationToken ct)
        {
            var failures = 0;
            while (!ct.IsCancellationRequested)
            {
                await using var connection = Connect();
                try
                {
                    await connection.StartAsync(ct).ConfigureAwait(false);
                }
                catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    await error.WriteLineAsync($"watch: {hub.GetLeftPart(UriPartial.Authority)} refused the token ({(int)e.StatusCode}): it is unknown, revoked or expired. Make a new one with `PassthroughWeb token create`.").ConfigureAwait(false);
                    return ExitCodes.NotAllowed;
                }
                catch (Exception e) when (e is HttpRequestException or IOException or System.Net.WebSockets.WebSocketException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
                {
                    if (!await HubClient.WaitToReconnectAsync(error, "watch", failures++, $"cannot reach {hub.GetLeftPart(UriPartial.Authority)}: {HubClient.Reason(e)}", ct).ConfigureAwait(false)) break;
                    continue;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                failures = 0;
                try
                {
                    await WatchAsync(connection, ct).ConfigureAwait(false);
                    if (ct.IsCancellationRequested) break;
                    if (!await HubClient.WaitToReconnectAsync(error, "watch", 0, "the app ended the stream", ct).ConfigureAwait(false)) break;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // A restart or a dropped network: say so on stderr (stdout stays the events) and start again.
                    if (!await HubClient.WaitToReconnectAsync(error, "watch", failures++, $"the connection was lost ({HubClient.Reason(e)})", ct).ConfigureAwait(false)) break;
                }
            }
            return ExitCodes.Success;
        }

        private HubConnection Connect() => HubClient.Build(hub, token, pinnedFingerprint is null ? null : Trusted);

        private bool Trusted(X509Certificate2? certificate, System.Net.Security.SslPolicyErrors errors) =>
            errors == System.Net.Security.SslPolicyErrors.None
            || (certificate is not null && Convert.ToHexString(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)) == pinnedFingerprint);

        private async Task WatchAsync(HubConnection connection, CancellationToken ct)
        {
            var feedId = await connection.InvokeAsync<string>(nameof(StatusHub.FeedId), ct).ConfigureAwait(false);
            var after = feedId == _feedId ? _lastSequence : 0;
            await error.WriteLineAsync($"watch: connected to {hub.GetLeftPart(UriPartial.Authority)}, {(host is null ? "every host" : $"host {host}")}{(after > 0 ? ", going on after the last event printed" : "")}.").ConfigureAwait(false);
            await foreach (var element in connection.StreamAsync<JsonElement>(nameof(StatusHub.Watch), host, feedId, after, ct).ConfigureAwait(false))
            {
                if (element.TryGetProperty("sequence", out var sequence) && sequence.TryGetInt64(out var number))
                {
                    _feedId = feedId;
                    _lastSequence = number;
                }
                if (json)
                {
                    await output.WriteLineAsync(element.GetRawText()).ConfigureAwait(false);
                }
                else
                {
                    var hostEvent = HostEventJson.Deserialize(element.GetRawText());
                    await output.WriteLineAsync(hostEvent is null ? element.GetRawText() : HostEventText.Line(hostEvent)).ConfigureAwait(false);
                }
                await output.FlushAsync(ct).ConfigureAwait(false);
            }
        }


    }
}
