namespace PassthroughWeb.Core.Topology;

/// <summary>A word on a device's box (a pill under its name) saying which mark it carries, so colour is never the only sign.</summary>
public sealed record TopologyTag(string Text, TopologyMarks Mark, double X, double Y, double Width);
