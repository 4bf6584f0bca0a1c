using PassthroughWeb.Core.Drift;
using PassthroughWeb.Core.Events;
using static PassthroughWeb.Core.Tests.Drift.DriftHosts;

namespace PassthroughWeb.Core.Tests.Drift;

/// <summary>The feed's event for a drift: its JSON as every door reads it, and its line in <c>watch</c>.</summary>
public sealed class DriftDetectedTests
{
    private static DriftDetected Moved()
    {
        var planned = DeviceExpectations.Of("isolate", [Card, Audio], Before());
        var drift = DriftDetector.Detect(planned, Report([.. Others(), Rx6700Xt("0000:04:00.0", 15), Rx6700XtAudio("0000:04:00.1", 15)]));
        return DriftDetected.Of("gpu-node-017", drift) with { At = new DateTimeOffset(2026, 12, 7, 9, 5, 0, TimeSpan.Zero) };
    }

    [Fact]
    public void Json_HasItsTypeFirst_AndRoundTrips()
    {
        var json = HostEventJson.Serialize(Moved());

        Assert.StartsWith("""{"type":"drift-detected","steps":["isolate"],"differences":[""", json, StringComparison.Ordinal);
        var read = Assert.IsType<DriftDetected>(HostEventJson.Deserialize(json));
        Assert.Equal(Moved().Differences, read.Differences);
        Assert.Equal("gpu-node-017", read.Host);
    }

    [Fact]
    public void Text_SaysWhatChangedAndWhichStep()
    {
        var line = HostEventText.Line(Moved());

        Assert.StartsWith("09:05:00 gpu-node-017  drift: The hardware changed since step 3 was applied: 2 differences;", line, StringComparison.Ordinal);
        Assert.Contains("it is at 0000:04:00.0 now", line, StringComparison.Ordinal);
    }
}
