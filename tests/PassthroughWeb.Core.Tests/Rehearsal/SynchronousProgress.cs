namespace PassthroughWeb.Core.Tests.Rehearsal;

/// <summary>Collects progress lines as they are reported (Progress&lt;T&gt; would post them to a thread pool later).</summary>
public sealed class SynchronousProgress(List<string> lines) : IProgress<string>
{
    public void Report(string value)
    {
        lock (lines) lines.Add(value);
    }
}
