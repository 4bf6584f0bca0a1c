namespace PassthroughWeb.Core.Access;

/// <summary>
/// Who is behind an action: the name recorded in the history and the logs, the role that decides what the
/// action may do, and how the actor authenticated. Every operation that changes a host takes one.
/// </summary>
public sealed record Actor(string Name, Role Role, AuthenticationMethod Method)
{
    /// <summary>Whether the actor's role includes <paramref name="required"/>.</summary>
    public bool Has(Role required) => Role >= required;

    /// <summary>Null when the actor may do <paramref name="action"/>; otherwise why not, as a value to return.</summary>
    public NotAllowed? Check(Role required, string action) => Has(required) ? null : new NotAllowed(this, required, action);
}
