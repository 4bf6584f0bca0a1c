using System.CommandLine;
using System.Globalization;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Cli;

/// <summary>
/// <c>PassthroughWeb token create|list|revoke</c>: access tokens for scripts, sent as <c>Authorization: Bearer TOKEN</c>.
/// <c>create</c> prints the token alone as the last line of stdout (the only time it is shown), so
/// <c>TOKEN=$(PassthroughWeb token create --user ci | tail -n1)</c> works. With <c>--agent HOSTNAME</c> instead of
/// <c>--user</c>: the token of the agent on that host (one per host; Admin only).
/// </summary>
public static class TokenCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("token", "Manage access tokens for scripts and agents: create, list, revoke.");
        command.Subcommands.Add(CreateToken(services));
        command.Subcommands.Add(List(services));
        command.Subcommands.Add(Revoke(services));
        return command;
    }

    private static Option<string> User(bool required) => new("--user") { Description = "The user the token acts as (with their role).", HelpName = "NAME", Required = required };

    private static Option<string?> Agent(string description) => new("--agent") { Description = description, HelpName = "HOSTNAME" };

    /// <summary>Exactly one of --user and --agent; null when so, else the message.</summary>
    private static string? OneOwner(string? user, string? agent, string verb) => (string.IsNullOrWhiteSpace(user), string.IsNullOrWhiteSpace(agent)) switch
    {
        (true, true) => $"token {verb} needs --user NAME (a token for scripts) or --agent HOSTNAME (the token of the agent on that host).",
        (false, false) => $"token {verb} takes --user or --agent, not both: an agent token belongs to a host, not to a user.",
        _ => null,
    };

    private static Command CreateToken(CliServices services)
    {
        var user = User(required: false);
        var agent = Agent("Create the token of the agent on this host instead (one per host; Admin only). It opens the agent hub and nothing else.");
        var name = new Option<string?>("--name") { Description = $"A label to list and revoke it by (default '{AccessTokens.DefaultName}'); unique among the user's active tokens.", HelpName = "LABEL" };
        var days = new Option<int?>("--expires-days") { Description = "Stop working after this many days (default: never).", HelpName = "N" };
        var data = CommonOptions.Data();
        var command = new Command("create", "Create a token; prints it alone as the last line of stdout. It is stored hashed and never shown again.") { user, agent, name, days, data };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var host = parseResult.GetValue(agent);
            if (OneOwner(parseResult.GetValue(user), host, "create") is { } usage)
            {
                await error.WriteLineAsync(usage).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            if (host is not null && (parseResult.GetValue(name) is not null || parseResult.GetValue(days) is not null))
            {
                await error.WriteLineAsync("An agent token is named by its host and does not expire (revoke it instead): leave out --name and --expires-days.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            await using var access = await AccessCommandSupport.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), error, ct).ConfigureAwait(false);
            if (access is null) return ExitCodes.DataDirectoryUnusable;
            await using var scope = access.CreateAsyncScope();
            var tokens = scope.ServiceProvider.GetRequiredService<AccessTokens>();
            var result = host is not null
                ? await tokens.CreateAgentAsync(services.Actor, host, ct).ConfigureAwait(false)
                : await tokens.CreateAsync(services.Actor, parseResult.GetValue(user)!, parseResult.GetValue(name), parseResult.GetValue(days), ct).ConfigureAwait(false);
            // The message to stderr: stdout holds the token alone.
            await error.WriteLineAsync(result.Message).ConfigureAwait(false);
            if (result.Token is { } issued) await output.WriteLineAsync(issued.Secret).ConfigureAwait(false);
            return AccessCommandSupport.ExitCodeOf(result);
        });
        return command;
    }

    private static Command List(CliServices services)
    {
        var user = User(required: false);
        var data = CommonOptions.Data();
        var command = new Command("list", "List tokens (active, expired and revoked; never their secrets), of one user or of everyone.") { user, data };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            await using var access = await AccessCommandSupport.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), error, ct).ConfigureAwait(false);
            if (access is null) return ExitCodes.DataDirectoryUnusable;
            await using var scope = access.CreateAsyncScope();
            var (tokens, denied) = await scope.ServiceProvider.GetRequiredService<AccessTokens>().ListAsync(services.Actor, parseResult.GetValue(user), ct).ConfigureAwait(false);
            if (denied is not null)
            {
                await error.WriteLineAsync(denied.Message).ConfigureAwait(false);
                return ExitCodes.NotAllowed;
            }
            if (tokens.Count == 0)
            {
                await error.WriteLineAsync("No tokens.").ConfigureAwait(false);
                return ExitCodes.Success;
            }
            await output.WriteLineAsync($"{"USER",-20} {"NAME",-20} {"KIND",-6} {"CREATED",-17} {"EXPIRES",-17} STATE").ConfigureAwait(false);
            foreach (var t in tokens)
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{t.User,-20} {t.Name,-20} {t.Kind.ToString().ToLowerInvariant(),-6} {t.CreatedAt:yyyy-MM-dd HH:mm}Z {(t.ExpiresAt is { } at ? at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z" : "never"),-17} {t.State}")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Revoke(CliServices services)
    {
        var user = User(required: false);
        var agent = Agent("Revoke the token of the agent on this host instead: a running hub drops its connection within a second and refuses it from then on.");
        var name = new Option<string?>("--name") { Description = "The token's label (with --user).", HelpName = "LABEL" };
        var data = CommonOptions.Data();
        var command = new Command("revoke", "Revoke a token: it stops working at once.") { user, agent, name, data };
        command.SetAction(async (parseResult, ct) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var host = parseResult.GetValue(agent);
            if (OneOwner(parseResult.GetValue(user), host, "revoke") is { } usage)
            {
                await error.WriteLineAsync(usage).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            if (host is null && string.IsNullOrWhiteSpace(parseResult.GetValue(name)))
            {
                await error.WriteLineAsync("token revoke --user needs --name LABEL: the label the token was created with (`token list` shows it).").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            await using var access = await AccessCommandSupport.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), error, ct).ConfigureAwait(false);
            if (access is null) return ExitCodes.DataDirectoryUnusable;
            await using var scope = access.CreateAsyncScope();
            var tokens = scope.ServiceProvider.GetRequiredService<AccessTokens>();
            var result = host is not null
                ? await tokens.RevokeAgentAsync(services.Actor, host, ct).ConfigureAwait(false)
                : await tokens.RevokeAsync(services.Actor, parseResult.GetValue(user)!, parseResult.GetValue(name)!, ct).ConfigureAwait(false);
            return await AccessCommandSupport.ReportAsync(result, parseResult.InvocationConfiguration.Output, error).ConfigureAwait(false);
        });
        return command;
    }
}
