namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// One character of an evaluated shell value and where it came from (file, raw span, quoting), so a parameter found
/// in the value can be replaced in the file it was written in. <see cref="Unknown"/> stands for output of a command.
/// </summary>
internal readonly record struct ShellValueChar(char Char, int File, int RawStart, int RawEnd, ShellQuote Quote)
{
    public const char UnknownChar = '\uFFFC';

    public bool IsUnknown => File < 0;

    public static ShellValueChar Unknown { get; } = new(UnknownChar, -1, -1, -1, ShellQuote.None);
}
