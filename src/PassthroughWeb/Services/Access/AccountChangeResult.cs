using PassthroughWeb.Core.Access;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>What a change to users or tokens did, in words for the CLI and the pages.</summary>
public sealed record AccountChangeResult
{
    public required AccountChangeOutcome Outcome { get; init; }
    public required string Message { get; init; }
    public NotAllowed? Denied { get; init; }

    /// <summary>A token just created: the only time its secret is known.</summary>
    public IssuedAccessToken? Token { get; init; }

    public bool Succeeded => Outcome == AccountChangeOutcome.Done;

    public static AccountChangeResult Done(string message) => new() { Outcome = AccountChangeOutcome.Done, Message = message };
    public static AccountChangeResult NotFound(string message) => new() { Outcome = AccountChangeOutcome.NotFound, Message = message };
    public static AccountChangeResult Invalid(string message) => new() { Outcome = AccountChangeOutcome.Invalid, Message = message };
    public static AccountChangeResult NotAllowed(NotAllowed denied) => new() { Outcome = AccountChangeOutcome.NotAllowed, Message = denied.Message, Denied = denied };
}
