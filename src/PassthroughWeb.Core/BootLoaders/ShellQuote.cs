namespace PassthroughWeb.Core.BootLoaders;

/// <summary>Where a character of a shell word sits: outside quotes, in '…' or in "…". It decides how inserted text is escaped.</summary>
internal enum ShellQuote
{
    None,
    Single,
    Double,
}
