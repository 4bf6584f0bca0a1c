namespace PassthroughWeb.Cli;

/// <summary>Entry point of the command-line tool (verbs are added in Cli/, one file per verb).</summary>
public static class CliApplication
{
    public static Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Console.Error.WriteLine("The command-line verbs are being built.");
        return Task.FromResult(2);
    }
}
