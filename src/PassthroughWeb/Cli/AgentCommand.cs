using System.CommandLine;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PassthroughWeb.Services.Agents;
using PassthroughWeb.Web.Agents;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Cli;

/// <summary>
/// <c>PassthroughWeb agent --hub URL --token TOKEN [--root DIR] [--name NAME] [--data DIR] [--connect URI]</c>: runs on a host, connects
/// out to a hub (the host opens no port), reports its profile and where its steps stand at every (re)connect, and keeps
/// the connection, reconnecting with back-off, until stopped. It ends by itself only when the hub refuses it for good:
/// the token (unknown or revoked), the report (another host's name), or the hub's certificate.
/// </summary>
public static class AgentCommand
{
    public const string TokenEnvironmentVariable = "PASSTHROUGHWEB_AGENT_TOKEN";

    public static Command Create(CliServices services)
    {
        var hub = new Option<string>("--hub") { Description = "The hub's address, as a browser opens it (https://hub.lan:5443).", HelpName = "URL", Required = true };
        var token = new Option<string?>("--token")
        {
            Description = $"This host's agent token (`PassthroughWeb token create --agent HOSTNAME` on the hub). Without it, the {TokenEnvironmentVariable} environment variable, which other users cannot read in the process list.",
            HelpName = "TOKEN",
        };
        var root = CommonOptions.Root("The host root to scan and report (a container sees the host at /host).");
        var name = new Option<string?>("--name") { Description = "The name to report as; it must be the one the token was made for. Default: the host's own name.", HelpName = "NAME" };
        var data = CommonOptions.Data();
        var hubCertificate = new Option<string?>("--hub-certificate")
        {
            Description = "Also trust the hub's certificate when it is this one, or is signed by this one (a PEM file: the hub's own certificate, or your CA's). Without it only authorities this machine trusts.",
            HelpName = "FILE",
        };
        // Step 4 asked through the hub goes to this libvirt: the hub's API names none, so the agent's host decides.
        var connect = CommonOptions.Connect();
        var command = new Command("agent", "Connect this host to a hub and report its hardware and steps there, reconnecting until stopped (deploy/passthroughweb-agent.service runs it).")
        {
            hub, token, root, name, data, hubCertificate, connect,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (!Uri.TryCreate(parseResult.GetValue(hub), UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                await error.WriteLineAsync($"'{parseResult.GetValue(hub)}' is not a hub address: give it as https://HOST:PORT (or http://127.0.0.1:PORT on the same machine), as the hub's `serve` prints it.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            var secret = parseResult.GetValue(token) ?? services.GetEnvironmentVariable(TokenEnvironmentVariable);
            if (string.IsNullOrWhiteSpace(secret))
            {
                await error.WriteLineAsync($"agent needs this host's agent token: --token TOKEN or the {TokenEnvironmentVariable} environment variable (on the hub, as root: `PassthroughWeb token create --agent HOSTNAME`).").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            var rootDirectory = Path.GetFullPath(parseResult.GetValue(root) ?? "/");
            if (!Directory.Exists(rootDirectory))
            {
                await error.WriteLineAsync($"The host root '{rootDirectory}' does not exist or is not a directory.").ConfigureAwait(false);
                return ExitCodes.RootNotFound;
            }
            X509Certificate2Collection? trusted = null;
            if (parseResult.GetValue(hubCertificate) is { } file)
            {
                trusted = [];
                try
                {
                    trusted.ImportFromPemFile(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
                {
                    await error.WriteLineAsync($"--hub-certificate {file} cannot be read as a PEM certificate: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }
                if (trusted.Count == 0)
                {
                    await error.WriteLineAsync($"--hub-certificate {file} holds no certificate (a PEM file with -----BEGIN CERTIFICATE-----).").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }
            }
            using var engine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), parseResult.GetValue(connect), error, ct).ConfigureAwait(false);
            if (engine is null) return ExitCodes.DataDirectoryUnusable;
            // The host the hub's requests are for: the name the token is bound to, checked at the report.
            var host = new Services.StepHost { Name = parseResult.GetValue(name) ?? Core.Scanning.HostScanner.ReadHostName(new Core.Host.HostRoot(rootDirectory)), Root = rootDirectory };
            var session = new Session(new Uri(baseUri, AgentHub.Path.TrimStart('/')), secret.Trim(), trusted, error,
                innerCt => engine.Get<AgentReportBuilder>().BuildAsync(rootDirectory, parseResult.GetValue(name), innerCt), host, engine.Get<AgentSteps>(), engine.Get<Core.Events.HostEventFeed>());
            return await session.RunAsync(ct).ConfigureAwait(false);
        });
        return command;
    }

    private sealed class Session(Uri hub, string token, X509Certificate2Collection? trusted, TextWriter error, Func<CancellationToken, Task<AgentReport>> report,
        Services.StepHost host, AgentSteps steps, Core.Events.HostEventFeed feed)
    {
        private string Hub => hub.GetLeftPart(UriPartial.Authority);

        public async Task<int> RunAsync(CancellationToken ct)
        {
            var failures = 0;
            // Kept across connections: what happens while the hub is away is sent once the agent is back.
            using var outbox = new AgentEventOutbox(feed, host.Name);
            var missed = 0L;
            while (!ct.IsCancellationRequested)
            {
                await using var connection = Connect();
                var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
                connection.Closed += e =>
                {
                    closed.TrySetResult(e);
                    return Task.CompletedTask;
                };
                string? revoked = null;
                connection.On<string>(nameof(IAgentClient.Revoked), message => revoked = message);
                // Steps the hub asks for run here, on this host's root and data directory; the hub bounds the wait.
                connection.On<AgentStepRequest, StepAnswer>(nameof(IAgentClient.Plan), request => RunAsync("plan", request, steps.PlanAsync, ct));
                // What changes where this host's steps stand is followed by a new report, so the hub's hosts page shows it now, not at the next connect.
                Func<AgentStepRequest, Task<StepAnswer>> ThenReport(string what, Func<Services.StepHost, AgentStepRequest, CancellationToken, Task<StepAnswer>> run) => async request =>
                {
                    var answer = await RunAsync(what, request, run, ct).ConfigureAwait(false);
                    if (answer.Refusal is null) _ = ReportAgainAsync(connection, $"after the hub's {what}", ct);
                    return answer;
                };
                connection.On(nameof(IAgentClient.Apply), ThenReport("apply", steps.ApplyAsync));
                connection.On(nameof(IAgentClient.Verify), ThenReport("verify", steps.VerifyAsync));
                connection.On(nameof(IAgentClient.Rollback), ThenReport("rollback", steps.RollbackAsync));
                connection.On<AgentStepRequest, StepAnswer>(nameof(IAgentClient.History), request => RunAsync("history", request, steps.HistoryAsync, ct));
                connection.On<AgentStepRequest, StepAnswer>(nameof(IAgentClient.Rehearse), request => RunAsync("rehearse", request, steps.RehearseAsync, ct));
                connection.On<AgentStepRequest, StepAnswer>(nameof(IAgentClient.CheckGuest), request => RunAsync("guest check", request, steps.CheckGuestAsync, ct));
                connection.On(nameof(IAgentClient.MarkGuestDriversDone), ThenReport("guest --done", steps.MarkGuestDriversDoneAsync));
                connection.On<AgentStepRequest, StepAnswer>(nameof(IAgentClient.ListVms), request => RunAsync("vm list", request, steps.ListVmsAsync, ct));
                connection.On<AgentStepRequest, StepAnswer>(nameof(IAgentClient.ShutdownVm), request => RunAsync("vm shutdown", request, steps.ShutdownVmAsync, ct));
                connection.On<AgentStepRequest, StepAnswer>(nameof(IAgentClient.VmHostResources), request => RunAsync("host resources", request, steps.VmHostResourcesAsync, ct));
                connection.On<AgentStepRequest, StepAnswer>(nameof(IAgentClient.PlanNewVm), request => RunAsync("new VM plan", request, steps.PlanNewVmAsync, ct));
                connection.On(nameof(IAgentClient.CreateVm), ThenReport("VM creation", steps.CreateVmAsync));
                try
                {
                    await connection.StartAsync(ct).ConfigureAwait(false);
                    if (await ReportAsync(connection, ct).ConfigureAwait(false) is { } refusal)
                    {
                        await SayAsync($"{Hub} refused the report: {refusal}").ConfigureAwait(false);
                        return ExitCodes.Refused;
                    }
                }
                catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    await SayAsync($"{Hub} refused the token ({(int)e.StatusCode}): it is unknown or revoked, or not an agent token. On the hub, as root: `PassthroughWeb token create --agent HOSTNAME`.").ConfigureAwait(false);
                    return ExitCodes.NotAllowed;
                }
                catch (Exception e) when (NotTrusted(e) is { } why)
                {
                    await SayAsync($"{Hub} is not trusted: {why} Nothing was sent. Give the hub's certificate (or the CA that signed it) with --hub-certificate FILE.").ConfigureAwait(false);
                    return ExitCodes.HubNotTrusted;
                }
                catch (HubException e)
                {
                    // The hub failed on its side (a busy database …): not a refusal, so the report is sent again.
                    if (!await HubClient.WaitToReconnectAsync(error, "agent", failures++, $"{Hub} could not store the report ({e.Message})", ct).ConfigureAwait(false)) break;
                    continue;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or IOException or System.Net.WebSockets.WebSocketException or TimeoutException or InvalidOperationException)
                {
                    if (!await HubClient.WaitToReconnectAsync(error, "agent", failures++, $"cannot reach {Hub}: {HubClient.Reason(e)}", ct).ConfigureAwait(false)) break;
                    continue;
                }
                failures = 0;
                using var forwarding = CancellationTokenSource.CreateLinkedTokenSource(ct);
                if (outbox.Missed > missed)
                {
                    await SayAsync($"{outbox.Missed - missed} events of this host were not kept while the hub was away (more than the feed holds); its history has every change.").ConfigureAwait(false);
                    missed = outbox.Missed;
                }
                var forwarded = ForwardAsync(connection, outbox, forwarding.Token);
                Exception? lost;
                try
                {
                    lost = await closed.Task.WaitAsync(ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await connection.StopAsync(CancellationToken.None).ConfigureAwait(false);
                    break;
                }
                finally
                {
                    await forwarding.CancelAsync().ConfigureAwait(false);
                    await forwarded.ConfigureAwait(false);
                }
                if (revoked is not null)
                {
                    await SayAsync(revoked).ConfigureAwait(false);
                    return ExitCodes.NotAllowed;
                }
                // The hub closed it (a restart) or the network dropped it: the next attempt says which.
                if (!await HubClient.WaitToReconnectAsync(error, "agent", 0, $"the connection to {Hub} was lost ({(lost is null ? "closed by the hub" : HubClient.Reason(lost))})", ct).ConfigureAwait(false)) break;
            }
            await SayAsync("stopped.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        /// <summary>
        /// Sends this host's events (those of the steps the hub asked for, as they happen) to the hub's feed while the
        /// connection lasts: first those kept while the hub was away, in order (<see cref="AgentEventOutbox"/>).
        /// </summary>
        private static async Task ForwardAsync(HubConnection connection, AgentEventOutbox outbox, CancellationToken ct)
        {
            try
            {
                await outbox.SendAsync((hostEvent, token) => connection.SendAsync(nameof(AgentHub.Publish), Core.Events.HostEventJson.Serialize(hostEvent), token), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The connection ended or the agent stops.
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
            {
                // The connection broke while sending: the event is kept, the reconnect says so, and the next connection sends it first.
            }
        }

        private async Task<StepAnswer> RunAsync(string what, AgentStepRequest request, Func<Services.StepHost, AgentStepRequest, CancellationToken, Task<StepAnswer>> run, CancellationToken ct)
        {
            var answer = await run(host, request, ct).ConfigureAwait(false);
            await SayAsync($"{what} for {request.User} via the hub: {(answer.Refusal is { } refusal ? $"{refusal}: {answer.Message}" : "answered")}.").ConfigureAwait(false);
            return answer;
        }

        /// <summary>Null when the hub stored the report; else the hub's reason for refusing it.</summary>
        private async Task<string?> ReportAsync(HubConnection connection, CancellationToken ct)
        {
            var built = await report(ct).ConfigureAwait(false);
            if (await connection.InvokeAsync<string?>(nameof(AgentHub.Report), built, ct).ConfigureAwait(false) is { } refusal) return refusal;
            var next = built.Steps.FirstOrDefault(s => s.IsNext);
            await SayAsync($"connected to {Hub} as {built.HostName}; reported its profile ({AgentReportBuilder.GpuCount(built)} GPUs){(next is null ? ", every step done" : $", next step {next.Number} ({next.State})")}.").ConfigureAwait(false);
            return null;
        }

        private HubConnection Connect()
        {
            var connection = HubClient.Build(hub, token, trusted is null ? null : Trusted);
            // The hub takes a host offline after --agent-timeout (at least twice this) without a word from it.
            connection.KeepAliveInterval = AgentHubSettings.AgentKeepAlive;
            connection.ServerTimeout = TimeSpan.FromSeconds(30);
            return connection;
        }

        /// <summary>
        /// Default validation, or a chain to one of the given certificates. The name must match either way: a certificate
        /// of the CA for another host is no proof of this one.
        /// </summary>
        private bool Trusted(X509Certificate2? certificate, SslPolicyErrors errors)
        {
            if (errors == SslPolicyErrors.None) return true;
            if (certificate is null || trusted is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        }

        /// <summary>Why a failed connection was a certificate the agent does not trust; null when it was something else.</summary>
        private static string? NotTrusted(Exception e)
        {
            for (var inner = e; inner is not null; inner = inner.InnerException)
                if (inner is AuthenticationException authentication) return authentication.Message;
            return null;
        }

        /// <summary>
        /// Reports this host's profile and steps again on the live connection after a request of the hub changed where a
        /// step stands, so the hub's hosts page shows it at once. It runs beside the request handlers, which the client
        /// runs one at a time: waiting for the hub there would hold back the hub's next request. It ends with the
        /// connection at the latest; a report lost with it is made at the next connect.
        /// </summary>
        private async Task ReportAgainAsync(HubConnection connection, string why, CancellationToken ct)
        {
            try
            {
                var built = await report(ct).ConfigureAwait(false);
                var refusal = await connection.InvokeAsync<string?>(nameof(AgentHub.Report), built, ct).ConfigureAwait(false);
                await SayAsync(refusal is null ? $"reported its steps again: {why}." : $"{Hub} refused the new report: {refusal}").ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The agent stops.
            }
            catch (Exception e) when (e is HubException or IOException or InvalidOperationException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
            {
                await SayAsync($"could not report its steps again ({why}): {HubClient.Reason(e)}; the next connect reports them.").ConfigureAwait(false);
            }
        }

        private async Task SayAsync(string line)
        {
            await error.WriteLineAsync($"agent: {line}").ConfigureAwait(false);
            await error.FlushAsync().ConfigureAwait(false);
        }

    }
}
