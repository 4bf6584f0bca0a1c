namespace PassthroughWeb.Core.Access;

/// <summary>
/// An actor's role does not allow an action. Returned as a value, never thrown: a Viewer asking to apply is an
/// expected answer, mapped to an exit code by the CLI and to a message by the web app.
/// </summary>
public sealed record NotAllowed(Actor Actor, Role Required, string Action)
{
    public string Message => $"{Actor.Name} is a {Actor.Role} and may not {Action}: that needs the {Required} role.";

    public override string ToString() => Message;
}
