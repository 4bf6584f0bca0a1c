using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PassthroughWeb.Cli;

/// <summary>
/// The verbs that ask a running app through its HTTP API (<c>import --url</c>, <c>rollout</c>): the address and token
/// checked, one request with a bounded wait, and every failure said in one way (a problem document's detail, else the
/// status) and turned into one exit code.
/// </summary>
internal sealed class AppApiClient(Uri baseUri, string token, TimeSpan timeout, TextWriter error)
{
    /// <summary>The app's address as the user gave it, with the path kept (a hub behind a proxy at /passthrough/).</summary>
    public Uri BaseUri => baseUri;

    /// <summary>Null after saying what is wrong with the address or the token (exit <see cref="ExitCodes.UsageError"/>).</summary>
    /// <param name="verb">What the verb asks of the app, for the messages: "rollout asks a hub".</param>
    /// <param name="tokenNeeded">Whose token the verb needs, for the message when there is none: "an Operator's access token".</param>
    public static async Task<AppApiClient?> CreateAsync(string? address, string? token, string verb, string tokenNeeded, TimeSpan timeout, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (address is null || !Uri.TryCreate(address.EndsWith('/') ? address : address + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"{verb}: give its address with --url http://HOST:PORT (or PASSTHROUGHWEB_URL), as `serve` prints it.").ConfigureAwait(false);
            return null;
        }
        if (string.IsNullOrWhiteSpace(token))
        {
            await error.WriteLineAsync($"{verb} with {tokenNeeded}: --token TOKEN or PASSTHROUGHWEB_TOKEN (make one with `PassthroughWeb token create --user NAME`).").ConfigureAwait(false);
            return null;
        }
        return new AppApiClient(baseUri, token.Trim(), timeout, error);
    }

    /// <summary>
    /// The answer's body when the app answered 2xx; otherwise null and the exit code, after saying why on stderr, each
    /// message starting with <paramref name="nothingDone"/> ("Nothing was imported: ") where the failure leaves it so.
    /// </summary>
    public async Task<(string? Body, int ExitCode)> SendAsync(HttpMethod method, string path, HttpContent? content, string nothingDone, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = timeout };
        using var request = new HttpRequestMessage(method, new Uri(baseUri, path)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            var why = e is TaskCanceledException ? $"no answer within {Duration(timeout)}" : e.Message;
            await error.WriteLineAsync($"{nothingDone}{baseUri.GetLeftPart(UriPartial.Authority)} did not answer ({why}). Is the app running there?").ConfigureAwait(false);
            return (null, ExitCodes.AppUnreachable);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return (body, ExitCodes.Success);
            await error.WriteLineAsync(ProblemText(response.StatusCode, body, nothingDone)).ConfigureAwait(false);
            return (null, response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.NotAllowed,
                HttpStatusCode.NotFound => ExitCodes.NotFound,
                HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.RequestEntityTooLarge => ExitCodes.Refused,
                _ => ExitCodes.AppUnreachable,
            });
        }
    }

    /// <summary>A problem document's detail, or the status when the answer is not one (a proxy's page, a 401 without a body).</summary>
    private static string ProblemText(HttpStatusCode status, string body, string nothingDone)
    {
        var code = (int)status;
        if (status == HttpStatusCode.Unauthorized)
            return $"{nothingDone}the app refused the token ({code}): it is unknown, revoked or expired. Make a new one with `PassthroughWeb token create`.";
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { } text)
                return $"{text} ({code})";
        }
        catch (JsonException)
        {
            // Not a problem document: the status is all there is to say.
        }
        return $"{nothingDone}the app answered {code} {status}.";
    }

    private static string Duration(TimeSpan span) => span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0} min" : $"{span.TotalSeconds:0} s";
}
