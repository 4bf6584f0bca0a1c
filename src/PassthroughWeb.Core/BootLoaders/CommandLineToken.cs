namespace PassthroughWeb.Core.BootLoaders;

/// <summary>One parameter of a command line and where it sits in the text it was read from.</summary>
public readonly record struct CommandLineToken(string Text, int Start, int Length)
{
    public int End => Start + Length;
}
