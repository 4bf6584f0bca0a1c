using System.Text;

namespace PassthroughWeb.Cli;

/// <summary>Reads a password at the terminal, echoing nothing (not even stars: their number tells the length).</summary>
internal static class PasswordPrompt
{
    /// <summary>The typed password, or null when stdin is not a terminal (a script must use <c>--password-stdin</c>).</summary>
    public static string? Read(string prompt)
    {
        if (Console.IsInputRedirected) return null;
        Console.Error.Write(prompt);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0) typed.Length--;
                continue;
            }
            if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return typed.ToString();
    }
}
