namespace PassthroughWeb.Services;

/// <summary>
/// Where <c>serve</c>'s start-up work stands. The app listens as soon as the database is ready and interrupted change
/// sets are recovered; the scans of the host (and of the demo), the demo's libvirt and the verification after a reboot
/// run after that, so a browser gets an answer within a second. Pages say "starting" meanwhile and refresh when it ends.
/// </summary>
public sealed class StartupProgress
{
    private readonly Lock _lock = new();
    private StartupStage _stage = StartupStage.Preparing;
    private string _doing = "Preparing the database";
    private string? _failure;

    /// <summary>Raised (on the start-up's thread) whenever the stage or what it does changes.</summary>
    public event Action? Changed;

    public StartupStage Stage
    {
        get { lock (_lock) return _stage; }
    }

    /// <summary>What runs now, as a phrase ("Scanning this host"); null once ready.</summary>
    public string? Doing
    {
        get { lock (_lock) return _stage == StartupStage.Ready ? null : _doing; }
    }

    /// <summary>Why the start-up work failed (the app still serves what it has); null otherwise.</summary>
    public string? Failure
    {
        get { lock (_lock) return _failure; }
    }

    public void Report(string doing) => Set(StartupStage.Working, doing, null);

    public void Ready() => Set(StartupStage.Ready, "", null);

    public void Fail(string reason) => Set(StartupStage.Failed, "", reason);

    private void Set(StartupStage stage, string doing, string? failure)
    {
        lock (_lock)
        {
            _stage = stage;
            _doing = doing;
            _failure = failure;
        }
        Changed?.Invoke();
    }
}
