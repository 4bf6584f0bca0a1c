using PassthroughWeb.Core.Access;

namespace PassthroughWeb.Services;

/// <summary>
/// The answer of an operation that needs a role, where the operation's own answer is the engine's type (a rollback,
/// a libvirt call): that answer, or why the actor may not run it. The app's own result types carry a NotAllowed
/// outcome instead (<see cref="StepApplyOutcome.NotAllowed"/>, <see cref="StepVerifyOutcome.NotAllowed"/>).
/// </summary>
public sealed record Permitted<T> where T : notnull
{
    private readonly T? _value;

    /// <summary>The operation ran and answered <paramref name="value"/>.</summary>
    public Permitted(T value) => _value = value;

    /// <summary>The operation did not run: the actor may not.</summary>
    public Permitted(NotAllowed denied) => Denied = denied ?? throw new ArgumentNullException(nameof(denied));

    /// <summary>Why the operation did not run; null when it ran.</summary>
    public NotAllowed? Denied { get; }

    public bool IsAllowed => Denied is null;

    /// <summary>The operation's answer; throws when it was not allowed (for callers that checked <see cref="Denied"/>).</summary>
    public T Value => Denied is null ? _value! : throw new InvalidOperationException(Denied.Message);
}
