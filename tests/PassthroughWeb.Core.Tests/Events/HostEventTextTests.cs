using PassthroughWeb.Core.Events;

namespace PassthroughWeb.Core.Tests.Events;

/// <summary>The one-line words of an event, as <c>watch</c> prints them and the pages' live log shows them.</summary>
public sealed class HostEventTextTests
{
    private static readonly DateTimeOffset Evening = new(2026, 12, 6, 21, 14, 3, TimeSpan.Zero);
    private static readonly Guid ChangeSet = Guid.Parse("3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f");

    [Fact]
    public void HostBusy_ReadsAsASentenceNamingWhoAndWhat()
    {
        var busy = new HostBusy { Host = "workstation", At = Evening, User = "olivia", What = "applying steps host,isolate", By = "olivia", Since = Evening };

        Assert.Equal("21:14:03 workstation  busy: olivia is applying steps host,isolate since 21:14:03 UTC [olivia]", HostEventText.Line(busy));
    }

    [Fact]
    public void FileWritten_NamesThePathTheSizeTheUserAndTheChangeSet()
    {
        var written = new FileWritten { Host = "workstation", At = Evening, User = "olivia", ChangeSetId = ChangeSet, Path = "/etc/default/grub", Bytes = 1487 };

        Assert.Equal($"21:14:03 workstation  wrote /etc/default/grub (1,487 bytes) [olivia] (change set {ChangeSet})", HostEventText.Line(written));
    }

    [Fact]
    public void RolloutProgress_NamesTheRolloutTheBatchAndBothStates_AndRoundTripsAsJson()
    {
        var progress = new RolloutProgress
        {
            Host = "gpu-node-018", At = Evening, User = "olivia", ChangeSetId = ChangeSet, RolloutId = "ro_5f3a9c0b12de", Batch = 1,
            State = "verificationFailed", RolloutState = "stopped", Message = "Stopped at gpu-node-018: 03:00.0 is still on amdgpu.",
        };

        Assert.Equal($"21:14:03 gpu-node-018  rollout ro_5f3a9c0b12de (batch 1): verificationFailed, rollout stopped: Stopped at gpu-node-018: 03:00.0 is still on amdgpu. [olivia] (change set {ChangeSet})",
            HostEventText.Line(progress));
        Assert.StartsWith("{\"type\":\"rollout-progress\"", HostEventJson.Serialize(progress), StringComparison.Ordinal);
        Assert.Equal(progress, HostEventJson.Deserialize(HostEventJson.Serialize(progress)));
    }
}
