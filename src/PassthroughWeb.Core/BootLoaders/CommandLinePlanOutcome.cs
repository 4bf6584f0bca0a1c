namespace PassthroughWeb.Core.BootLoaders;

public enum CommandLinePlanOutcome
{
    /// <summary>A change plan (possibly empty: everything is already there).</summary>
    Planned,

    /// <summary>The app does not edit this boot loader (or cannot safely): the message says what to add where, by hand.</summary>
    Manual,

    /// <summary>Bad input or an unreadable host: the message says what is wrong.</summary>
    Error,
}
