namespace PassthroughWeb.Services.Locking;

/// <summary>
/// What is about to change a host and for whom, as the next user to try is told: "alice is applying steps
/// host,isolate". <see cref="Description"/> is a phrase that follows "is".
/// </summary>
public sealed record ChangeActivity(string Description, string User)
{
    /// <summary>The change set it runs as, once recorded (an apply records it after taking the lock).</summary>
    public Guid? ChangeSetId { get; init; }

    public static ChangeActivity Apply(string user, IEnumerable<string> steps) => new($"applying steps {Steps(steps)}", user);

    public static ChangeActivity Rehearsal(string user, IEnumerable<string> steps) => new($"rehearsing steps {Steps(steps)}", user);

    public static ChangeActivity Rollback(string user, Guid changeSetId) =>
        new($"rolling back change set {changeSetId}", user) { ChangeSetId = changeSetId };

    public static ChangeActivity Recovery(string user, Guid changeSetId) =>
        new($"recovering the interrupted change set {changeSetId}", user) { ChangeSetId = changeSetId };

    public static ChangeActivity VmChange(string user, string vm) => new($"changing the VM {vm}", user);

    // Without spaces, as the CLI takes them (--steps host,isolate).
    private static string Steps(IEnumerable<string> steps) => string.Join(',', steps);
}
