namespace PassthroughWeb.Core.GuestDrivers;

/// <summary>The outcome of one guest-agent question: the value when it answered, otherwise the status and a plain-words explanation.</summary>
public sealed record GuestAgentResult<T>
{
    public required GuestAgentStatus Status { get; init; }

    /// <summary>The answer when <see cref="Status"/> is <see cref="GuestAgentStatus.Answered"/>; default otherwise.</summary>
    public T? Value { get; init; }

    /// <summary>What happened, for the user.</summary>
    public required string Explanation { get; init; }

    /// <summary>What virsh or the agent said, word for word, when there was something.</summary>
    public string? Detail { get; init; }

    public bool Answered => Status == GuestAgentStatus.Answered;
}
