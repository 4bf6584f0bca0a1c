using System.CommandLine;
using System.Globalization;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Cli;

/// <summary>
/// <c>PassthroughWeb token create|list|revoke</c>: access tokens for scripts, sent as <c>Authorization: Bearer TOKEN</c>.
/// <c>create</c> prints the token alone as the last line of stdout (the only time it is shown), so
/// <c>TOKEN=$(PassthroughWeb token create --user ci | tail -n1)</c> works.
/// </summary>
public static class TokenCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("token", "Manage access tokens for scripts: create, list, revoke.");
        command.Subcommands.Add(CreateToken(services));
        command.Subcommands.Add(List(services));
        command.Subcommands.Add(Revoke(services));
        return command;
    }

    private static Option<string> User(bool required) => new("--user") { Description = "The user the token acts as (with their role).", HelpName = "NAME", Required = required };

    private static Command CreateToken(CliServices services)
    {
        var user = User(required: true);
        var name = new Option<string?>("--name") { Description = $"A label to list and revoke it by (default '{AccessTokens.DefaultName}'); unique among the user's active tokens.", HelpName = "LABEL" };
        var days = new Option<int?>("--expires-days") { Description = "Stop working after this many days (default: never).", HelpName = "N" };
        var data = CommonOptions.Data();
        var command = new Command("create", "Create a token; prints it alone as the last line of stdout. It is stored hashed and never shown again.") { user, name, days, data };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            await using var access = await AccessCommandSupport.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), error, ct).ConfigureAwait(false);
            if (access is null) return ExitCodes.DataDirectoryUnusable;
            await using var scope = access.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<AccessTokens>()
                .CreateAsync(services.Actor, parseResult.GetValue(user)!, parseResult.GetValue(name), parseResult.GetValue(days), ct).ConfigureAwait(false);
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
        var user = User(required: true);
        var name = new Option<string>("--name") { Description = "The token's label.", HelpName = "LABEL", Required = true };
        var data = CommonOptions.Data();
        var command = new Command("revoke", "Revoke a token: it stops working at once.") { user, name, data };
        command.SetAction(async (parseResult, ct) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            await using var access = await AccessCommandSupport.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), error, ct).ConfigureAwait(false);
            if (access is null) return ExitCodes.DataDirectoryUnusable;
            await using var scope = access.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<AccessTokens>().RevokeAsync(services.Actor, parseResult.GetValue(user)!, parseResult.GetValue(name)!, ct).ConfigureAwait(false);
            return await AccessCommandSupport.ReportAsync(result, parseResult.InvocationConfiguration.Output, error).ConfigureAwait(false);
        });
        return command;
    }
}
