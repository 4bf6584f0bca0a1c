namespace PassthroughWeb.Core.BootLoaders;

/// <summary>
/// A stretch of a file that holds (part of) a command line: an <c>options</c> line's value, one line of
/// <c>/etc/kernel/cmdline</c>. Several regions, in several files, can make up one command line.
/// </summary>
internal readonly record struct CommandLineRegion(int File, int Start, int End);
