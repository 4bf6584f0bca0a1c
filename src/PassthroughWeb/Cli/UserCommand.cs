using System.CommandLine;
using System.Globalization;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Cli;

/// <summary>
/// <c>PassthroughWeb user add|list|remove|set-role|reset-password</c>: the web app's users, managed on the host (as
/// root, on the data directory) like Proxmox's <c>pveum</c>. Recorded as the invoking user.
/// </summary>
public static class UserCommand
{
    private const string RoleNames = "admin, operator or viewer";

    public static Command Create(CliServices services)
    {
        var command = new Command("user", "Manage who may sign in to the web app: add, list, remove, set-role, reset-password.");
        command.Subcommands.Add(Add(services));
        command.Subcommands.Add(List(services));
        command.Subcommands.Add(Remove(services));
        command.Subcommands.Add(SetRole(services));
        command.Subcommands.Add(ResetPassword(services));
        return command;
    }

    private static Argument<string> Name() => new("NAME") { Description = "The user's name (what they type to sign in)." };

    private static Command Add(CliServices services)
    {
        var name = Name();
        var role = new Option<string>("--role") { Description = $"The role: {RoleNames}.", HelpName = "ROLE", Required = true };
        var stdin = AccessCommandSupport.PasswordStdin();
        var data = CommonOptions.Data();
        var command = new Command("add", "Add a user with a role; asks for the password (no echo) unless --password-stdin.") { name, role, stdin, data };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!AccessCommandSupport.TryParseRole(parseResult.GetValue(role)!, out var parsedRole))
            {
                await error.WriteLineAsync($"'{parseResult.GetValue(role)}' is not a role: use {RoleNames}.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            var userName = parseResult.GetValue(name)!;
            await using var access = await AccessCommandSupport.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), error, ct).ConfigureAwait(false);
            if (access is null) return ExitCodes.DataDirectoryUnusable;
            var password = await AccessCommandSupport.ReadPasswordAsync(services, parseResult.GetValue(stdin), userName, error).ConfigureAwait(false);
            if (password is null) return ExitCodes.Refused;
            await using var scope = access.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync(services.Actor, userName, parsedRole, password).ConfigureAwait(false);
            return await AccessCommandSupport.ReportAsync(result, output, error).ConfigureAwait(false);
        });
        return command;
    }

    private static Command List(CliServices services)
    {
        var data = CommonOptions.Data();
        var command = new Command("list", "List the users with their roles.") { data };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            await using var access = await AccessCommandSupport.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), error, ct).ConfigureAwait(false);
            if (access is null) return ExitCodes.DataDirectoryUnusable;
            await using var scope = access.CreateAsyncScope();
            var (users, denied) = await scope.ServiceProvider.GetRequiredService<UserAdministration>().ListAsync(services.Actor, ct).ConfigureAwait(false);
            if (denied is not null)
            {
                await error.WriteLineAsync(denied.Message).ConfigureAwait(false);
                return ExitCodes.NotAllowed;
            }
            if (users.Count == 0)
            {
                await error.WriteLineAsync("No users yet: add one with 'PassthroughWeb user add NAME --role admin', or open the setup link the web app printed.").ConfigureAwait(false);
                return ExitCodes.Success;
            }
            var now = DateTimeOffset.UtcNow;
            await output.WriteLineAsync($"{"NAME",-24} {"ROLE",-9} ADDED").ConfigureAwait(false);
            foreach (var user in users)
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{user.Name,-24} {user.Role.ToString().ToLowerInvariant(),-9} {user.CreatedAt:yyyy-MM-dd HH:mm}Z{(user.LockedOutUntil is { } until && until > now ? $"  locked until {until:yyyy-MM-dd HH:mm}Z" : "")}")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(CliServices services)
    {
        var name = Name();
        var data = CommonOptions.Data();
        var command = new Command("remove", "Remove a user and their tokens (not the last Admin).") { name, data };
        command.SetAction(async (parseResult, ct) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            await using var access = await AccessCommandSupport.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), error, ct).ConfigureAwait(false);
            if (access is null) return ExitCodes.DataDirectoryUnusable;
            await using var scope = access.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<UserAdministration>().RemoveAsync(services.Actor, parseResult.GetValue(name)!).ConfigureAwait(false);
            return await AccessCommandSupport.ReportAsync(result, parseResult.InvocationConfiguration.Output, error).ConfigureAwait(false);
        });
        return command;
    }

    private static Command SetRole(CliServices services)
    {
        var name = Name();
        var role = new Argument<string>("ROLE") { Description = $"The new role: {RoleNames}." };
        var data = CommonOptions.Data();
        var command = new Command("set-role", "Change a user's role; their open sessions end so it applies at once.") { name, role, data };
        command.SetAction(async (parseResult, ct) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (!AccessCommandSupport.TryParseRole(parseResult.GetValue(role)!, out var parsedRole))
            {
                await error.WriteLineAsync($"'{parseResult.GetValue(role)}' is not a role: use {RoleNames}.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            await using var access = await AccessCommandSupport.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), error, ct).ConfigureAwait(false);
            if (access is null) return ExitCodes.DataDirectoryUnusable;
            await using var scope = access.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetRoleAsync(services.Actor, parseResult.GetValue(name)!, parsedRole).ConfigureAwait(false);
            return await AccessCommandSupport.ReportAsync(result, parseResult.InvocationConfiguration.Output, error).ConfigureAwait(false);
        });
        return command;
    }

    private static Command ResetPassword(CliServices services)
    {
        var name = Name();
        var stdin = AccessCommandSupport.PasswordStdin();
        var data = CommonOptions.Data();
        var command = new Command("reset-password", "Set a new password for a user (lifts a lockout, ends their sessions); asks for it unless --password-stdin.") { name, stdin, data };
        command.SetAction(async (parseResult, ct) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var userName = parseResult.GetValue(name)!;
            await using var access = await AccessCommandSupport.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), error, ct).ConfigureAwait(false);
            if (access is null) return ExitCodes.DataDirectoryUnusable;
            var password = await AccessCommandSupport.ReadPasswordAsync(services, parseResult.GetValue(stdin), userName, error).ConfigureAwait(false);
            if (password is null) return ExitCodes.Refused;
            await using var scope = access.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<UserAdministration>().ResetPasswordAsync(services.Actor, userName, password).ConfigureAwait(false);
            return await AccessCommandSupport.ReportAsync(result, parseResult.InvocationConfiguration.Output, error).ConfigureAwait(false);
        });
        return command;
    }
}
