using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Data;
using PassthroughWeb.Services.Access;

namespace PassthroughWeb.Cli;

/// <summary>What <c>user</c> and <c>token</c> share: Identity on the data directory's database, and the password input.</summary>
internal static class AccessCommandSupport
{
    public static Option<bool> PasswordStdin() => new("--password-stdin")
    {
        Description = "Read the password from the first line of stdin instead of asking for it (for scripts; never put it on the command line).",
    };

    /// <summary>
    /// Identity with the web app's rules on the data directory's database (migrated first), or null after saying why.
    /// The caller disposes the provider.
    /// </summary>
    public static async Task<ServiceProvider?> OpenAsync(CliServices services, string dataDirectory, TextWriter error, CancellationToken ct)
    {
        if (await CliEngine.PrepareDataDirectoryAsync(services, dataDirectory, error, ct).ConfigureAwait(false) is not { } database) return null;
        var collection = new ServiceCollection();
        // Identity logs at Warning what a user gets wrong (a weak password); the verb prints that itself.
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error));
        collection.AddSingleton(TimeProvider.System);
        collection.AddDbContextFactory<PassthroughDbContext>(db => PassthroughDatabase.Configure(db, database));
        collection.AddPassthroughIdentityCore();
        return collection.BuildServiceProvider();
    }

    /// <summary>The password from stdin (<c>--password-stdin</c>) or asked twice at the terminal; null after saying why.</summary>
    public static async Task<string?> ReadPasswordAsync(CliServices services, bool fromStdin, string forWhom, TextWriter error)
    {
        if (fromStdin)
        {
            var line = await services.StandardInput.ReadLineAsync().ConfigureAwait(false);
            if (string.IsNullOrEmpty(line))
            {
                await error.WriteLineAsync("--password-stdin: stdin had no password on its first line.").ConfigureAwait(false);
                return null;
            }
            return line;
        }
        var first = services.PromptSecret($"Password for {forWhom}: ");
        if (first is null)
        {
            await error.WriteLineAsync("There is no terminal to ask for the password at: pipe it in with --password-stdin.").ConfigureAwait(false);
            return null;
        }
        var again = services.PromptSecret("The same again: ");
        if (again != first)
        {
            await error.WriteLineAsync("The two passwords differ; nothing was changed.").ConfigureAwait(false);
            return null;
        }
        return first;
    }

    public static int ExitCodeOf(AccountChangeResult result) => result.Outcome switch
    {
        AccountChangeOutcome.Done => ExitCodes.Success,
        AccountChangeOutcome.NotAllowed => ExitCodes.NotAllowed,
        AccountChangeOutcome.NotFound => ExitCodes.NotFound,
        _ => ExitCodes.Refused,
    };

    /// <summary>Writes the result's message (stdout when it worked, stderr when not) and returns its exit code.</summary>
    public static async Task<int> ReportAsync(AccountChangeResult result, TextWriter output, TextWriter error)
    {
        await (result.Succeeded ? output : error).WriteLineAsync(result.Message).ConfigureAwait(false);
        return ExitCodeOf(result);
    }

    public static bool TryParseRole(string text, out Core.Access.Role role) =>
        Enum.TryParse(text, ignoreCase: true, out role) && Enum.IsDefined(role) && !int.TryParse(text, out _);
}
