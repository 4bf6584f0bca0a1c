using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PassthroughWeb.Core.Access;
using PassthroughWeb.Core.Agents;
using PassthroughWeb.Data.Access;

namespace PassthroughWeb.Services.Access;

/// <summary>
/// Access tokens for scripts and agents, for the <c>token</c> verbs and the Account and Users pages. Everyone manages
/// their own tokens; an Admin manages anyone's. A user token acts as its owner with the owner's current role. An agent
/// token (only an Admin makes or revokes one) is bound to one host name and opens nothing but the agent hub.
/// </summary>
public sealed class AccessTokens(UserManager<PassthroughUser> users, AccessTokenStore store, TimeProvider time, ILogger<AccessTokens> logger)
{
    /// <summary>The label of a token created without <c>--name</c>.</summary>
    public const string DefaultName = "default";

    public async Task<AccountChangeResult> CreateAsync(Actor actor, string userName, string? name, int? expiresInDays, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (MayManage(actor, userName, "create tokens for other users") is { } denied) return AccountChangeResult.NotAllowed(denied);
        var user = await users.FindByNameAsync(userName);
        if (user is null) return AccountChangeResult.NotFound($"There is no user named '{userName}'.");
        var label = string.IsNullOrWhiteSpace(name) ? DefaultName : name.Trim();
        if (expiresInDays is <= 0) return AccountChangeResult.Invalid("A token's expiry must be at least one day away.");
        var expiresAt = expiresInDays is { } days ? time.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
        var issued = await store.CreateAsync(user.Id, label, AccessTokenKind.User, expiresAt, ct);
        if (issued is null) return AccountChangeResult.Invalid($"{user.UserName} already has a token named '{label}': revoke it or choose another name.");
        // The secret is never logged: only who created which label.
        logger.LogInformation("Token {Token} of {User} created by {Actor}, expires {ExpiresAt}", label, user.UserName, actor.Name, expiresAt?.ToString("u") ?? "never");
        return new AccountChangeResult
        {
            Outcome = AccountChangeOutcome.Done,
            Message = $"Token '{label}' of {user.UserName} created{(expiresAt is { } at ? $", valid until {at:u}" : "")}. It is shown this once.",
            Token = issued,
        };
    }

    /// <summary>
    /// A token for the agent on <paramref name="hostName"/>. One per host: while the host has an active one, this
    /// refuses (revoke it first), so a token that leaked cannot be replaced unnoticed and a second machine cannot take
    /// over a host's name. Recorded as created by the actor's own account, or by the oldest Admin when the actor is
    /// root on the command line without an account of the app.
    /// </summary>
    public async Task<AccountChangeResult> CreateAgentAsync(Actor actor, string hostName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Admin, "create agent tokens") is { } denied) return AccountChangeResult.NotAllowed(denied);
        var name = hostName?.Trim();
        if (AgentHostName.Problem(name) is { } problem) return AccountChangeResult.Invalid(problem);
        var owner = await users.FindByNameAsync(actor.Name) is { Role: Role.Admin } self
            ? self
            : await users.Users.Where(u => u.Role == Role.Admin).OrderBy(u => u.CreatedAt).FirstOrDefaultAsync(ct);
        if (owner is null) return AccountChangeResult.Invalid("An agent token is recorded with the Admin who made it, and there is no Admin yet: add one first (`PassthroughWeb user add NAME --role admin`).");
        var issued = await store.CreateAgentAsync(owner.Id, name!, ct);
        if (issued is null)
            return AccountChangeResult.Invalid($"{name} already has an agent token: revoke it first (`PassthroughWeb token revoke --agent {name}`), which also disconnects its agent.");
        logger.LogInformation("Agent token for {Host} created by {Actor}", name, actor.Name);
        return new AccountChangeResult
        {
            Outcome = AccountChangeOutcome.Done,
            Message = $"Agent token for {name} created. It is shown this once: give it to `PassthroughWeb agent --token` on {name}.",
            Token = issued,
        };
    }

    /// <summary>Revokes the agent token of <paramref name="hostName"/>: the hub refuses it from now on and drops its live connection.</summary>
    public async Task<AccountChangeResult> RevokeAgentAsync(Actor actor, string hostName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Check(Role.Admin, "revoke agent tokens") is { } denied) return AccountChangeResult.NotAllowed(denied);
        var name = hostName?.Trim() ?? "";
        if (!await store.RevokeAgentAsync(name, ct)) return AccountChangeResult.NotFound($"{(name.Length == 0 ? "That host" : name)} has no active agent token.");
        logger.LogInformation("Agent token for {Host} revoked by {Actor}", name, actor.Name);
        return AccountChangeResult.Done($"Agent token for {name} revoked: its agent is disconnected and refused.");
    }

    /// <summary>The tokens of one user, or (for an Admin, with no user named) of everyone.</summary>
    public async Task<(IReadOnlyList<TokenSummary> Tokens, NotAllowed? Denied)> ListAsync(Actor actor, string? userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var denied = userName is null ? actor.Check(Role.Admin, "list every user's tokens") : MayManage(actor, userName, "list other users' tokens");
        if (denied is not null) return ([], denied);
        string? userId = null;
        if (userName is not null)
        {
            var user = await users.FindByNameAsync(userName);
            if (user is null) return ([], null);
            userId = user.Id;
        }
        var now = time.GetUtcNow();
        var tokens = await store.ListAsync(userId, ct);
        return ([.. tokens.Select(t => new TokenSummary(t.User?.UserName ?? "", t.Name, t.Kind, t.CreatedAt, t.ExpiresAt, t.RevokedAt,
            t.RevokedAt is not null ? "revoked" : t.IsActiveAt(now) ? "active" : "expired"))], null);
    }

    public async Task<AccountChangeResult> RevokeAsync(Actor actor, string userName, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (MayManage(actor, userName, "revoke other users' tokens") is { } denied) return AccountChangeResult.NotAllowed(denied);
        var user = await users.FindByNameAsync(userName);
        if (user is null) return AccountChangeResult.NotFound($"There is no user named '{userName}'.");
        if (!await store.RevokeAsync(user.Id, name, ct)) return AccountChangeResult.NotFound($"{user.UserName} has no active token named '{name}'.");
        logger.LogInformation("Token {Token} of {User} revoked by {Actor}", name, user.UserName, actor.Name);
        return AccountChangeResult.Done($"Token '{name}' of {user.UserName} revoked.");
    }

    private static NotAllowed? MayManage(Actor actor, string userName, string action) =>
        string.Equals(actor.Name, userName, StringComparison.OrdinalIgnoreCase) ? null : actor.Check(Role.Admin, action);
}
