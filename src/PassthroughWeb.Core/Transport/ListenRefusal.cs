namespace PassthroughWeb.Core.Transport;

/// <summary>An expected refusal to listen: <see cref="Message"/> tells the admin what to write instead.</summary>
public sealed record ListenRefusal(ListenRefusalReason Reason, string Message);
